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
    private final String endsRun;

    private NodeResult(Map<String, Object> output) {
        this(output, null);
    }

    private NodeResult(Map<String, Object> output, String endsRun) {
        this.output = Collections.unmodifiableMap(new LinkedHashMap<>(output));
        this.endsRun = endsRun;
    }

    /**
     * A successful result after which the run ends as {@code success}: later nodes are not run and are
     * logged as {@code skipped} with {@code reason} (a filter whose conditions are false says
     * {@code "filtered out"}).
     */
    public static NodeResult endingRun(Map<String, ?> output, String reason) {
        return new NodeResult(output == null ? Map.of() : new LinkedHashMap<>(output), java.util.Objects.requireNonNull(reason));
    }

    /** The reason this result ends the run, when it does (see {@link #endingRun}). */
    public java.util.Optional<String> endsRun() {
        return java.util.Optional.ofNullable(endsRun);
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
