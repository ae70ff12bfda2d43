package com.lenz.central.workflow.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One run of a workflow as the API shows it.
 *
 * @param status {@code running}, {@code success}, {@code failed} or {@code cancelled}
 * @param error  why it failed or was cancelled; null on success
 * @param retryOf the execution this one retries (see {@code POST .../retry}); null when it is not a retry
 */
public record Execution(
        String id,
        String workflowId,
        String triggerType,
        RunStatus status,
        Instant startedAt,
        Instant finishedAt,
        List<NodeRun> nodeResults,
        String error,
        String triggeredBy,
        String retryOf) {

    public static final RunStatus RUNNING = RunStatus.RUNNING;
    public static final RunStatus SUCCESS = RunStatus.SUCCESS;
    public static final RunStatus FAILED = RunStatus.FAILED;
    public static final RunStatus CANCELLED = RunStatus.CANCELLED;

    public Execution {
        nodeResults = List.copyOf(nodeResults);
    }

    /** An execution that is not a retry. */
    public Execution(String id, String workflowId, String triggerType, RunStatus status, Instant startedAt,
                     Instant finishedAt, List<NodeRun> nodeResults, String error, String triggeredBy) {
        this(id, workflowId, triggerType, status, startedAt, finishedAt, nodeResults, error, triggeredBy, null);
    }

    @JsonIgnore
    public boolean isRunning() {
        return status == RUNNING;
    }

    /** Milliseconds from start to end (timestamps are shown in whole seconds); null while running. */
    @JsonProperty("duration_ms")
    public Long durationMs() {
        return millisBetween(startedAt, finishedAt);
    }

    static Long millisBetween(Instant start, Instant end) {
        return start == null || end == null ? null : Duration.between(start, end).toMillis();
    }

    /**
     * What one node did in an execution.
     *
     * @param status   {@code running}, {@code success}, {@code failed}, {@code skipped} or {@code cancelled}
     * @param output   the node's output; null unless it succeeded
     * @param attempts how many times the node was run (more than 1 after retries; 0 when skipped)
     * @param reusedFrom set when a retry took this result over instead of running the node: the execution where
     *                   the node ran (its timestamps and attempts are that run's); null when it ran here
     */
    public record NodeRun(
            String nodeId,
            String nodeType,
            String nodeName,
            RunStatus status,
            Instant startedAt,
            Instant finishedAt,
            Object output,
            String error,
            int attempts,
            String reusedFrom) {

        public static final RunStatus SKIPPED = RunStatus.SKIPPED;

        /** A node that ran in this execution. */
        public NodeRun(String nodeId, String nodeType, String nodeName, RunStatus status, Instant startedAt,
                       Instant finishedAt, Object output, String error, int attempts) {
            this(nodeId, nodeType, nodeName, status, startedAt, finishedAt, output, error, attempts, null);
        }

        /** Milliseconds the node ran, retries included; null while running and for a skipped node. */
        @JsonProperty("duration_ms")
        public Long durationMs() {
            return millisBetween(startedAt, finishedAt);
        }
    }
}
