package com.lenz.central.plugins.telegram;

import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.Templates;
import java.util.Map;
import java.util.List;

/**
 * Config checks shared by the Telegram nodes. The limits here and in the nodes are stated once, as constants:
 * the nodes' JSON Schemas are built from them.
 */
final class TelegramConfig {

    static final List<String> PARSE_MODES = List.of("HTML", "Markdown", "MarkdownV2");
    /** {@link #PARSE_MODES} as a JSON array, for the schemas. */
    static final String PARSE_MODES_JSON = "[\"" + String.join("\", \"", PARSE_MODES) + "\"]";

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
            throw new NodeConfigException("parse_mode", "must be " + String.join(", ", PARSE_MODES.subList(0, PARSE_MODES.size() - 1))
                    + " or " + PARSE_MODES.get(PARSE_MODES.size() - 1));
        }
    }

    static String parseMode(Map<String, Object> config) {
        Object mode = config.get("parse_mode");
        return mode == null || mode.toString().isBlank() ? null : mode.toString();
    }
}
