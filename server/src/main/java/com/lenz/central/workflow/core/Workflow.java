package com.lenz.central.workflow.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/**
 * A stored workflow, as the API shows it: a trigger followed by a chain of action nodes.
 *
 * @param maxConcurrent at most this many of its executions run at once, on all servers together; null: no limit
 */
public record Workflow(
        String id,
        String name,
        String description,
        @JsonProperty("is_active") boolean isActive,
        TriggerNode triggerNode,
        List<WorkflowNode> nodes,
        Instant createdAt,
        Instant updatedAt,
        Integer maxConcurrent) {

    public Workflow {
        nodes = List.copyOf(nodes);
    }

    /** A workflow without a limit on concurrent executions. */
    public Workflow(String id, String name, String description, boolean isActive, TriggerNode triggerNode,
                    List<WorkflowNode> nodes, Instant createdAt, Instant updatedAt) {
        this(id, name, description, isActive, triggerNode, nodes, createdAt, updatedAt, null);
    }

    /** The same workflow with another trigger (to show it without its secrets). */
    public Workflow withTrigger(TriggerNode trigger) {
        return new Workflow(id, name, description, isActive, trigger, nodes, createdAt, updatedAt, maxConcurrent);
    }
}
