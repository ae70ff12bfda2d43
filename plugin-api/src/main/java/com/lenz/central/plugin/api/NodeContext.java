package com.lenz.central.plugin.api;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Everything a running node may use of the server. A node knows the server only through this.
 */
public interface NodeContext {

    /** Id of the workflow being run. */
    String workflowId();

    /** Id of this execution (one run of the workflow). */
    String executionId();

    /** Id of this node within the workflow ({@code "node-export"}). */
    String nodeId();

    /**
     * The node's config with every template already rendered. Rendered values are plain data: they are
     * never rendered again.
     */
    Map<String, Object> config();

    /** A string config value, or {@code null} when absent. Non-strings are converted with {@code toString}. */
    default String configString(String key) {
        Object value = config().get(key);
        return value == null ? null : value.toString();
    }

    /**
     * A stored credential by id, decrypted. Its secret values are masked by the server in this node's
     * output and error, so a node may not echo them back to users.
     */
    Optional<Credential> credential(String id);

    /**
     * Maps a virtual export path ({@code "/exports/fr/2025-04-29.csv"}) onto the file system under the
     * server's export root.
     *
     * @throws NodeConfigException when the path does not start with {@code /exports/} or escapes the
     *                             export root ({@code ..}, symbolic links)
     */
    Path resolveExport(String virtualPath) throws NodeConfigException;

    /** Reads the event history (events ingested through {@code POST /api/events}). */
    EventHistory events();

    /** A logger whose lines carry this execution's and node's ids. */
    Logger logger();

    /**
     * A server setting a node may read: {@code scheduler_timezone} (IANA zone used when a node's config
     * names none) and {@code telegram_api_url} (the Telegram Bot API base URL).
     */
    default Optional<String> setting(String name) {
        return Optional.empty();
    }

    /** True once the execution is cancelled or this node's timeout has passed: stop as soon as you can. */
    boolean isCancelled();
}
