package com.lenz.central.plugin.api;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a node produced: its output map, stored in the execution log and offered to later nodes as
 * {@code {{prev.body.<key>}}} and {@code {{nodes.<id>.body.<key>}}}. Values must be JSON-like:
 * strings, numbers, booleans, null, lists and maps of those.
 */
public final class NodeResult {

    private final Map<String, Object> output;

    private NodeResult(Map<String, Object> output) {
        this.output = Collections.unmodifiableMap(new LinkedHashMap<>(output));
    }

    /** A result with the given output (copied, insertion order kept). */
    public static NodeResult of(Map<String, ?> output) {
        return new NodeResult(output == null ? Map.of() : new LinkedHashMap<>(output));
    }

    /** A result with a one-entry output. */
    public static NodeResult of(String key, Object value) {
        Map<String, Object> output = new LinkedHashMap<>();
        output.put(key, value);
        return new NodeResult(output);
    }

    /** A result with an empty output. */
    public static NodeResult empty() {
        return new NodeResult(Map.of());
    }

    /** The output, read-only. */
    public Map<String, Object> output() {
        return output;
    }
}
