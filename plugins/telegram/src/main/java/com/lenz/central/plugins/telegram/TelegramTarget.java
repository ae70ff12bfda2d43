package com.lenz.central.plugins.telegram;

import com.lenz.central.plugin.api.Credential;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;

/** Where a node posts: the bot of a {@code telegram_bot} credential, its chat, and the API base URL. */
record TelegramTarget(String baseUrl, String token, String chatId) {

    static final String DEFAULT_API = "https://api.telegram.org";

    static TelegramTarget of(NodeContext context) throws NodeConfigException {
        Object id = context.config().get("credential_id");
        if (id == null || id.toString().isBlank()) {
            throw new NodeConfigException("credential_id", "is required");
        }
        Credential credential = context.credential(id.toString())
                .orElseThrow(() -> new NodeConfigException("credential_id", "no credential with id " + id));
        if (!"telegram_bot".equals(credential.type())) {
            throw new NodeConfigException("credential_id", "credential " + id + " is a " + credential.type()
                    + ", not telegram_bot");
        }
        String base = credential.get("base_url");
        if (base == null || base.isBlank()) {
            base = context.setting("telegram_api_url").orElse(DEFAULT_API);
        }
        return new TelegramTarget(base, credential.get("bot_token"), credential.get("chat_id"));
    }

    TelegramClient client(NodeContext context) {
        return new TelegramClient(baseUrl, token, context);
    }
}
