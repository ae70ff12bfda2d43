package com.lenz.central.workflow;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;

/**
 * One run of a workflow as the API shows it.
 *
 * @param status {@code running}, {@code success}, {@code failed} or {@code cancelled}
 * @param error  why it failed or was cancelled; null on success
 */
public record Execution(
        String id,
        String workflowId,
        String triggerType,
        String status,
        Instant startedAt,
        Instant finishedAt,
        List<NodeRun> nodeResults,
        String error,
        String triggeredBy) {

    public static final String RUNNING = "running";
    public static final String SUCCESS = "success";
    public static final String FAILED = "failed";
    public static final String CANCELLED = "cancelled";

    public Execution {
        nodeResults = List.copyOf(nodeResults);
    }

    @JsonIgnore
    public boolean isRunning() {
        return RUNNING.equals(status);
    }

    /**
     * What one node did in an execution.
     *
     * @param status   {@code running}, {@code success}, {@code failed}, {@code skipped} or {@code cancelled}
     * @param output   the node's output; null unless it succeeded
     * @param attempts how many times the node was run (more than 1 after retries; 0 when skipped)
     */
    public record NodeRun(
            String nodeId,
            String nodeType,
            String nodeName,
            String status,
            Instant startedAt,
            Instant finishedAt,
            Object output,
            String error,
            int attempts) {

        public static final String SKIPPED = "skipped";
    }
}
