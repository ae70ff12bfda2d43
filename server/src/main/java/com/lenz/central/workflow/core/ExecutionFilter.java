package com.lenz.central.workflow.core;

import java.time.Instant;

/**
 * Which executions a list shows; a null field does not filter.
 *
 * @param triggerType {@code manual}, {@code schedule}, {@code webhook} or {@code event}
 * @param from        started at or after
 * @param to          started before
 */
public record ExecutionFilter(String workflowId, RunStatus status, String triggerType, Instant from, Instant to) {

    public static final ExecutionFilter ALL = new ExecutionFilter(null, null, null, null, null);

    public ExecutionFilter withWorkflow(String id) {
        return new ExecutionFilter(id, status, triggerType, from, to);
    }
}
