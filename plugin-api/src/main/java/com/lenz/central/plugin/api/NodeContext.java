package com.lenz.central.plugin.api;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Everything a running node may use of the server. A node knows the server only through this.
 *
 * <p>One context is made per attempt of a node and is valid only while {@link ActionNode#execute} runs.
 *
 * <h2>Cancellation</h2>
 * An execution can be cancelled by a user, a node can pass its {@code timeout_ms}, and the server can
 * stop. In each case {@link #isCancelled()} turns true and the thread running the node is interrupted,
 * so blocking calls that honour interrupts ({@link Thread#sleep}, {@link #sleep}, {@code HttpClient.send},
 * {@code BlockingQueue.take}) end with an {@link InterruptedException}: let it propagate, or return.
 * Long loops should check {@link #isCancelled()} between steps. The engine does not wait for a node
 * that ignores cancellation, but its thread keeps running until the node returns.
 */
public interface NodeContext {

    /** Id of the workflow being run. */
    String workflowId();

    /** Id of this execution (one run of the workflow). */
    String executionId();

    /** Id of this node within the workflow ({@code "node-export"}). */
    String nodeId();

    /**
     * How the execution was started: {@code manual}, {@code schedule}, {@code webhook} or {@code event}.
     * The server always tells; the default serves contexts made for tests.
     */
    default String triggerType() {
        return "manual";
    }

    /**
     * Which attempt this is, from 1. Greater than 1 when the node's {@code retry} option runs it again
     * after a {@link RetryableNodeException}. The server always tells; the default serves contexts made
     * for tests.
     */
    default int attempt() {
        return 1;
    }

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
     * names none); for nodes that connect to addresses taken from a config {@code http_request_deny},
     * {@code http_request_allow} and {@code server_ports} (see
     * {@link com.lenz.central.plugin.api.net.DestinationPolicy}); and every entry of the server's
     * {@code plugins.settings} in config.yml, where an operator gives plugins settings of their own (the
     * bundled Telegram plugin reads {@code telegram_api_url}, set by TELEGRAM_API_URL).
     */
    default Optional<String> setting(String name) {
        return Optional.empty();
    }

    /** True once the execution is cancelled or this node's timeout has passed: stop as soon as you can. */
    boolean isCancelled();

    /**
     * Waits for {@code duration}, or less when the node is cancelled meanwhile.
     *
     * @throws InterruptedException when the node is cancelled (or its thread interrupted) before the end
     */
    default void sleep(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            if (isCancelled()) {
                throw new InterruptedException("node cancelled");
            }
            Thread.sleep(Math.min(Math.max(1, left / 1_000_000), 100));
        }
    }
}
