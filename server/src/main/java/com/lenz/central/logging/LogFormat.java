package com.lenz.central.logging;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.Locale;

/** {@code LOG_FORMAT}: lines of text for people, or one JSON object a line for log collectors. */
public enum LogFormat {
    TEXT, JSON;

    /** Any case; anything else stops the start (and {@code check}) naming the accepted values. */
    @JsonCreator
    public static LogFormat of(String value) {
        String wanted = value == null || value.isBlank() ? "text" : value.trim();
        for (LogFormat format : values()) {
            if (format.name().equalsIgnoreCase(wanted)) {
                return format;
            }
        }
        throw new IllegalArgumentException("LOG_FORMAT must be text or json, not '" + value + "'");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
