package com.lenz.central.workflow.engine;

import com.lenz.central.workflow.core.WorkflowNode;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The wait before a node's next attempt after a retryable failure. Fixed: {@code backoff_ms} every time.
 * Exponential: {@code backoff_ms × 2^(n-1)} after the n-th failed attempt, capped at {@code max_backoff_ms},
 * with "equal jitter": half of that is always waited and the other half is random. Half fixed keeps a real
 * pause for the remote side (full jitter may wait nothing); half random spreads out the retries of many
 * executions that failed together, so they do not hit a recovering service at the same instant.
 */
public class Backoff {

    private final DoubleSupplier random;

    /** Jitter from {@link ThreadLocalRandom}. */
    public Backoff() {
        this(() -> ThreadLocalRandom.current().nextDouble());
    }

    /** @param random values in [0, 1): the share of the random half that is waited */
    public Backoff(DoubleSupplier random) {
        this.random = random;
    }

    /**
     * @param failedAttempts how many attempts failed so far (1 before the second attempt)
     * @return milliseconds to wait before the next attempt
     */
    public long delayMs(WorkflowNode.RetryPolicy policy, int failedAttempts) {
        if (!policy.exponential()) {
            return policy.backoffMs();
        }
        long cap = ceiling(policy, failedAttempts);
        long fixedHalf = cap / 2;
        return fixedHalf + (long) Math.floor(random.getAsDouble() * (cap - fixedHalf + 1));
    }

    /** The exponential wait before jitter: {@code backoff_ms × 2^(n-1)}, at most {@code max_backoff_ms}. */
    static long ceiling(WorkflowNode.RetryPolicy policy, int failedAttempts) {
        long max = policy.maxBackoffMs() == null ? Long.MAX_VALUE : policy.maxBackoffMs();
        int doublings = Math.max(0, failedAttempts - 1);
        if (policy.backoffMs() == 0) {
            return 0;
        }
        // Past 2^40 × backoff_ms the product would only exceed any cap: stop doubling before it overflows.
        if (doublings >= 40 || policy.backoffMs() > (max >> doublings)) {
            return max;
        }
        return Math.min(max, policy.backoffMs() << doublings);
    }
}
