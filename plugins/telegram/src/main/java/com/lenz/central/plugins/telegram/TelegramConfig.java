package com.lenz.central.plugins.telegram;

import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.Templates;
import java.util.Map;
import java.util.Set;

/** Config checks shared by the Telegram nodes. */
final class TelegramConfig {

    static final Set<String> PARSE_MODES = Set.of("HTML", "Markdown", "MarkdownV2");

    private TelegramConfig() {
    }

    static String requireText(Map<String, Object> config, String field) throws NodeConfigException {
        Object value = config.get(field);
        if (!(value instanceof String s) || s.isBlank()) {
            throw new NodeConfigException(field, "is required");
        }
        return s;
    }

    static void checkParseMode(Map<String, Object> config) throws NodeConfigException {
        Object mode = config.get("parse_mode");
        if (mode != null && !(mode instanceof String s && (Templates.isTemplate(s) || PARSE_MODES.contains(s)))) {
            throw new NodeConfigException("parse_mode", "must be HTML, Markdown or MarkdownV2");
        }
    }

    static String parseMode(Map<String, Object> config) {
        Object mode = config.get("parse_mode");
        return mode == null || mode.toString().isBlank() ? null : mode.toString();
    }
}
