package com.lenz.central.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.plugin.api.ActionNode;
import com.networknt.schema.JsonSchema;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A loaded action node with what the server knows of it: the plugin it came from and its config schema,
 * both as JSON (to show) and compiled (to check configs with).
 */
public record NodeType(ActionNode node, String type, String name, String description, String pluginId,
                       String pluginVersion, JsonNode configSchema, JsonSchema compiledSchema) {

    /** True when the schema accepts anything ({@code {}}), so checking a config against it can be skipped. */
    public boolean acceptsAnything() {
        return configSchema.isEmpty();
    }

    /** The entry of {@code GET /api/workflows/node-types}. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", type);
        out.put("name", name);
        out.put("description", description);
        out.put("plugin_id", pluginId);
        out.put("plugin_version", pluginVersion);
        out.put("config_schema", configSchema);
        return out;
    }
}
