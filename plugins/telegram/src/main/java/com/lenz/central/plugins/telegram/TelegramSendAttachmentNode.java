package com.lenz.central.plugins.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import com.lenz.central.plugin.api.Templates;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code telegram_send_attachment}: sends an exported file as a document with a bot ({@code sendDocument}).
 *
 * <pre>{@code
 * {"credential_id": "cred-tg-001", "file": "{{prev.body.file_url}}",
 *  "caption": "Laporan FR harian — {{prev.body.date}}"}
 * }</pre>
 * {@code file} is a path under {@code /exports/}; files over 50 MB (Telegram's limit for bots) and
 * captions over 1,024 characters are refused. Output: {@code message_id}, {@code chat_id}.
 */
@Extension
public class TelegramSendAttachmentNode implements ActionNode {

    static final int MAX_CAPTION = 1024;
    static final long MAX_FILE_BYTES = 50L * 1024 * 1024;
    static final String SCHEMA = """
            {
              "type": "object",
              "required": ["credential_id", "file"],
              "properties": {
                "credential_id": {"type": "string", "description": "a telegram_bot credential"},
                "file": {"type": "string", "description": "an exported file, /exports/...; usually {{prev.body.file_url}}"},
                "caption": {"type": "string", "maxLength": %d},
                "parse_mode": {"type": "string", "enum": %s}
              }
            }""".formatted(MAX_CAPTION, TelegramConfig.PARSE_MODES_JSON);

    @Override
    public String type() {
        return "telegram_send_attachment";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Send Telegram attachment",
                "Sends an exported file as a document to the chat of a Telegram bot credential.", SCHEMA);
    }

    @Override
    public void validate(Map<String, Object> config) throws NodeConfigException {
        TelegramConfig.requireText(config, "credential_id");
        String file = TelegramConfig.requireText(config, "file");
        if (!Templates.isTemplate(file) && !file.startsWith("/exports/")) {
            throw new NodeConfigException("file", "must be a path under /exports/");
        }
        Object caption = config.get("caption");
        if (caption != null && !(caption instanceof String)) {
            throw new NodeConfigException("caption", "must be a string");
        }
        if (caption instanceof String c && !Templates.isTemplate(c) && c.length() > MAX_CAPTION) {
            throw new NodeConfigException("caption", "must be at most " + MAX_CAPTION + " characters");
        }
        TelegramConfig.checkParseMode(config);
    }

    @Override
    public NodeResult execute(NodeContext context) throws Exception {
        Map<String, Object> config = context.config();
        validate(config);
        String caption = config.get("caption") == null ? null : config.get("caption").toString();
        if (caption != null && caption.length() > MAX_CAPTION) {
            throw new NodeConfigException("caption", "is " + caption.length() + " characters once rendered; Telegram takes at most " + MAX_CAPTION);
        }
        Path file = context.resolveExport(config.get("file").toString());
        if (!Files.isRegularFile(file)) {
            throw new NodeConfigException("file", "no exported file " + config.get("file"));
        }
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new NodeConfigException("file", "is " + size + " bytes; Telegram bots may send at most "
                    + MAX_FILE_BYTES / (1024 * 1024) + " MB");
        }
        TelegramTarget target = TelegramTarget.of(context);
        JsonNode result = target.client(context).sendDocument(target.chatId(), file, caption, TelegramConfig.parseMode(config));
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("message_id", result.path("message_id").asLong());
        output.put("chat_id", result.path("chat").path("id").asText(target.chatId()));
        return NodeResult.of(output);
    }
}
