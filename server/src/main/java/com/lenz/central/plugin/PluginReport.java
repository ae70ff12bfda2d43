package com.lenz.central.plugin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the server made of one plugin jar: an entry of {@code GET /api/plugins}. {@code error} is null when the
 * plugin and all its node types loaded.
 */
public record PluginReport(String id, String version, State state, String requires, List<String> nodeTypes,
                           String error, String file) {

    public enum State {
        /** Loaded and started; its node types are usable (those not named in {@code error}). */
        STARTED,
        /** Not usable: the jar could not be read, the plugin failed to start, or it provides no usable node type. */
        FAILED,
        /** Its {@code Plugin-Requires} does not accept this server's version. */
        DISABLED,
        /** A bundled plugin whose id a jar in the vendor folder also has: the vendor's jar is used instead. */
        OVERRIDDEN
    }

    public boolean hasError() {
        return error != null;
    }

    public PluginReport withState(State newState, String newError) {
        return new PluginReport(id, version, newState, requires, nodeTypes, newError, file);
    }

    /** The entry of {@code GET /api/plugins}. */
    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("version", version);
        out.put("state", state.name());
        out.put("requires", requires);
        out.put("node_types", nodeTypes);
        out.put("error", error);
        out.put("file", file);
        return out;
    }
}
