package com.lenz.central.plugins.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import com.lenz.central.plugin.api.Templates;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code telegram_send_message}: posts a text message with a bot.
 *
 * <pre>{@code {"credential_id": "cred-tg-001", "text": "Alert: {{trigger.event.data.name}}", "parse_mode": "HTML"}}</pre>
 * Output: {@code message_id}, {@code chat_id}.
 */
@Extension
public class TelegramSendMessageNode implements ActionNode {

    static final int MAX_TEXT = 4096;
    static final String SCHEMA = """
            {
              "type": "object",
              "required": ["credential_id", "text"],
              "properties": {
                "credential_id": {"type": "string", "description": "a telegram_bot credential"},
                "text": {"type": "string", "minLength": 1, "maxLength": %d},
                "parse_mode": {"type": "string", "enum": %s}
              }
            }""".formatted(MAX_TEXT, TelegramConfig.PARSE_MODES_JSON);

    @Override
    public String type() {
        return "telegram_send_message";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Send Telegram message", "Posts a text message to the chat of a Telegram bot credential.", SCHEMA);
    }

    @Override
    public void validate(Map<String, Object> config) throws NodeConfigException {
        TelegramConfig.requireText(config, "credential_id");
        String text = TelegramConfig.requireText(config, "text");
        if (!Templates.isTemplate(text) && text.length() > MAX_TEXT) {
            throw new NodeConfigException("text", "must be at most " + MAX_TEXT + " characters");
        }
        TelegramConfig.checkParseMode(config);
    }

    @Override
    public NodeResult execute(NodeContext context) throws Exception {
        Map<String, Object> config = context.config();
        validate(config);
        String text = config.get("text").toString();
        if (text.length() > MAX_TEXT) {
            throw new NodeConfigException("text", "is " + text.length() + " characters once rendered; Telegram takes at most " + MAX_TEXT);
        }
        TelegramTarget target = TelegramTarget.of(context);
        JsonNode result = target.client(context).sendMessage(target.chatId(), text, TelegramConfig.parseMode(config));
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("message_id", result.path("message_id").asLong());
        output.put("chat_id", result.path("chat").path("id").asText(target.chatId()));
        return NodeResult.of(output);
    }
}
