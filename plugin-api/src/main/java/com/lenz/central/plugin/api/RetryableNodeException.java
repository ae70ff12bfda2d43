package com.lenz.central.plugin.api;

import java.time.Duration;
import java.util.Optional;

/**
 * A failure worth another attempt (a timeout, a 5xx, a 429). The engine retries the node as its
 * {@code retry} option allows ({@code max_attempts}, waiting {@code backoff_ms} or {@link #retryAfter()},
 * whichever is longer, between attempts); any other exception fails the node for good.
 */
public class RetryableNodeException extends Exception {

    /** The wait the remote side asked for, or null. */
    private final Duration retryAfter;

    /** @param message what failed, shown in the node's {@code error} when no attempt is left */
    public RetryableNodeException(String message) {
        this(message, null, null);
    }

    /**
     * @param message what failed, shown in the node's {@code error} when no attempt is left
     * @param cause   the underlying failure, logged by the server
     */
    public RetryableNodeException(String message, Throwable cause) {
        this(message, cause, null);
    }

    /**
     * @param message    what failed, shown in the node's {@code error} when no attempt is left
     * @param cause      the underlying failure, or {@code null}
     * @param retryAfter how long the remote side asked us to wait (e.g. Telegram's {@code retry_after});
     *                   the engine waits at least this long before the next attempt
     */
    public RetryableNodeException(String message, Throwable cause, Duration retryAfter) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** The wait the remote side asked for, if any. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
