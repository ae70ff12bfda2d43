package com.lenz.central.plugin.api;

import java.util.Map;

/**
 * A credential stored encrypted by the server ({@code POST /api/credentials}) and handed to a node
 * decrypted.
 *
 * @param id   the credential's id ({@code "cred-tg-001"})
 * @param type its type ({@code "telegram_bot"}, {@code "http_header"}, {@code "http_basic"})
 * @param data its secret fields ({@code bot_token}, {@code chat_id}, ...)
 */
public record Credential(String id, String type, Map<String, String> data) {

    /** Copies {@code data}, which is then read-only. */
    public Credential {
        data = Map.copyOf(data);
    }

    /** A field of {@link #data()}, or {@code null}. */
    public String get(String key) {
        return data.get(key);
    }

    @Override
    public String toString() {
        return "Credential[id=" + id + ", type=" + type + ", data=<hidden>]";
    }
}
