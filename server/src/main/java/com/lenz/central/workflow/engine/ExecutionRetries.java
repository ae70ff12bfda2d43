package com.lenz.central.workflow.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.core.DomainException;
import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.core.NodeFingerprints;
import com.lenz.central.workflow.core.TriggerNode;
import com.lenz.central.workflow.core.Workflow;
import com.lenz.central.workflow.core.WorkflowNode;
import com.lenz.central.workflow.db.ExecutionStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Retry from the failed node: a new execution of the same workflow that takes over the stored results of the
 * nodes that succeeded at the start of the original (not run again; templates see their outputs as before), runs
 * from the first node that did not succeed, and sees the original's {@code {{trigger}}}. It is started by a user:
 * trigger type {@code manual}, {@code triggered_by} the user; {@code retry_of} names the original.
 */
public class ExecutionRetries {

    private final ExecutionService executions;
    private final ExecutionStore store;
    private final NodeFingerprints fingerprints;

    public ExecutionRetries(ExecutionService executions, ExecutionStore store, ObjectMapper json) {
        this.executions = executions;
        this.store = store;
        this.fingerprints = new NodeFingerprints(json);
    }

    /**
     * @param workflow the workflow as stored now (with its secrets, for running it)
     * @throws DomainException NOT_FOUND for an execution of another workflow or none; CONFLICT while it runs, when it
     *                         succeeded, when it kept nothing to retry from, or when a reused node changed since
     */
    public ExecutionService.Started retry(Workflow workflow, String executionId, String username) {
        Execution original = executions.find(workflow.id(), executionId);
        if (original.isRunning()) {
            throw DomainException.conflict("execution is running", "execution " + executionId
                    + " is still running; retry it once it has ended");
        }
        if (Execution.SUCCESS.equals(original.status())) {
            throw DomainException.conflict("execution succeeded", "execution " + executionId
                    + " succeeded; only a failed or cancelled execution can be retried");
        }
        ExecutionStore.RetrySource source = store.retrySource(executionId).orElseThrow(() -> DomainException.conflict(
                "execution cannot be retried", "execution " + executionId + " kept no trigger data and node definitions "
                        + "to retry from (its server stopped before it ended, or it ran before retries existed)"));
        List<Execution.NodeRun> reused = new ArrayList<>();
        List<Execution.NodeRun> results = original.nodeResults();
        for (int i = 0; i < results.size() && Execution.SUCCESS.equals(results.get(i).status()); i++) {
            reused.add(reusable(results.get(i), original.id()));
        }
        checkUnchanged(workflow, original.id(), reused, source.nodeHashes());
        return executions.start(workflow, TriggerNode.MANUAL, username, source.triggerData(), original.id(), reused);
    }

    /** The taken-over result names the execution where the node really ran (the first one, for a retry of a retry). */
    private static Execution.NodeRun reusable(Execution.NodeRun run, String originalId) {
        return new Execution.NodeRun(run.nodeId(), run.nodeType(), run.nodeName(), run.status(), run.startedAt(),
                run.finishedAt(), run.output(), run.error(), run.attempts(),
                run.reusedFrom() == null ? originalId : run.reusedFrom());
    }

    /** Each node whose output is reused must be at its place, defined as when the original ran. */
    private void checkUnchanged(Workflow workflow, String originalId, List<Execution.NodeRun> reused, List<String> hashes) {
        List<WorkflowNode> nodes = workflow.nodes();
        for (int i = 0; i < reused.size(); i++) {
            String id = reused.get(i).nodeId();
            if (i >= nodes.size() || !nodes.get(i).id().equals(id)) {
                throw DomainException.conflict("workflow changed", "node " + id + " (nodes[" + i + "]) was removed or "
                        + "moved since execution " + originalId + " ran; its stored output cannot be reused");
            }
            if (i >= hashes.size() || !hashes.get(i).equals(fingerprints.of(nodes.get(i)))) {
                throw DomainException.conflict("workflow changed", "node " + id + " (nodes[" + i + "]) changed since "
                        + "execution " + originalId + " ran; its stored output cannot be reused");
            }
        }
    }
}
