package com.lenz.central.workflow.core;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * One action node of a workflow: its id (unique in the workflow, referred to by templates as
 * {@code {{nodes.<id>...}}}), its type (a loaded {@code ActionNode}), display name, config, and the
 * common options every node takes.
 *
 * @param retry          attempts and the wait between them after a retryable failure; null: one attempt
 * @param timeoutMs      limit of each attempt; null: none
 * @param continueOnFail whether the execution goes on after this node fails; null: false
 */
public record WorkflowNode(
        String id,
        String type,
        String name,
        Map<String, Object> config,
        @JsonInclude(JsonInclude.Include.NON_NULL) RetryPolicy retry,
        @JsonInclude(JsonInclude.Include.NON_NULL) Long timeoutMs,
        @JsonInclude(JsonInclude.Include.NON_NULL) Boolean continueOnFail) {

    public boolean continuesOnFail() {
        return Boolean.TRUE.equals(continueOnFail);
    }

    public int maxAttempts() {
        return retry == null ? 1 : retry.maxAttempts();
    }

    /**
     * Attempts allowed after a retryable failure, and the wait between two attempts.
     *
     * @param backoffMs    the wait (fixed), or the first wait (exponential)
     * @param backoff      {@code fixed} (null) or {@code exponential}: the wait doubles after each failure, up to
     *                     {@code maxBackoffMs}, with jitter (see {@code engine/Backoff})
     * @param maxBackoffMs the longest exponential wait; null with a fixed backoff
     */
    public record RetryPolicy(int maxAttempts, long backoffMs,
                              @JsonInclude(JsonInclude.Include.NON_NULL) String backoff,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Long maxBackoffMs) {

        public static final String FIXED = "fixed";
        public static final String EXPONENTIAL = "exponential";

        /** A fixed wait between attempts. */
        public RetryPolicy(int maxAttempts, long backoffMs) {
            this(maxAttempts, backoffMs, null, null);
        }

        public boolean exponential() {
            return EXPONENTIAL.equals(backoff);
        }
    }
}
