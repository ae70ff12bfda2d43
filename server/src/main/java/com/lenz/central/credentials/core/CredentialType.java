package com.lenz.central.credentials.core;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The kinds of credential nodes understand, with the data fields each requires and allows. */
public enum CredentialType {
    /** A Telegram bot: its token and the chat to post to; {@code base_url} overrides TELEGRAM_API_URL. */
    TELEGRAM_BOT("telegram_bot", List.of("bot_token", "chat_id"), List.of("base_url")),
    /** One HTTP header sent by http_request ({@code Authorization: Bearer ...}, {@code X-API-Key: ...}). */
    HTTP_HEADER("http_header", List.of("name", "value"), List.of()),
    /** HTTP basic authentication for http_request. */
    HTTP_BASIC("http_basic", List.of("username", "password"), List.of());

    private final String wire;
    private final List<String> required;
    private final List<String> optional;

    CredentialType(String wire, List<String> required, List<String> optional) {
        this.wire = wire;
        this.required = required;
        this.optional = optional;
    }

    public String wire() {
        return wire;
    }

    public List<String> required() {
        return required;
    }

    public boolean allows(String field) {
        return required.contains(field) || optional.contains(field);
    }

    public static Optional<CredentialType> parse(String value) {
        return Arrays.stream(values()).filter(t -> t.wire.equals(value)).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(CredentialType::wire).toList());
    }
}
