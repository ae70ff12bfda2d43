package com.lenz.central.workflow.core;

import com.codahale.metrics.health.HealthCheck;
import com.lenz.central.plugin.NodeTypeRegistry;
import com.lenz.central.workflow.db.WorkflowStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Unhealthy when a stored workflow uses a node type no loaded plugin provides (its plugin was removed, failed
 * to load or dropped the type in a new version), naming each: such a workflow would only fail at its next run.
 */
public class MissingNodeTypesHealthCheck extends HealthCheck {

    private static final int PAGE = 500;

    private final WorkflowStore workflows;
    private final NodeTypeRegistry nodeTypes;

    public MissingNodeTypesHealthCheck(WorkflowStore workflows, NodeTypeRegistry nodeTypes) {
        this.workflows = workflows;
        this.nodeTypes = nodeTypes;
    }

    @Override
    protected Result check() {
        List<String> broken = new ArrayList<>();
        for (long offset = 0; ; offset += PAGE) {
            List<Workflow> page = workflows.list(null, offset, PAGE);
            for (Workflow workflow : page) {
                Set<String> missing = new TreeSet<>();
                for (WorkflowNode node : workflow.nodes()) {
                    if (nodeTypes.find(node.type()).isEmpty()) {
                        missing.add(node.type());
                    }
                }
                if (!missing.isEmpty()) {
                    broken.add("workflow " + workflow.id() + " (" + workflow.name() + ") uses " + String.join(", ", missing));
                }
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (broken.isEmpty()) {
            return Result.healthy("every workflow's node types are loaded");
        }
        return Result.unhealthy("node types not loaded: " + String.join("; ", broken));
    }
}
