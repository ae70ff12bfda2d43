package com.lenz.central.workflow.db;

import com.lenz.central.workflow.core.RunStatus;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * Starts that need more than the one-statement insert of {@link ExecutionStore#insertRunning}: a workflow with
 * {@code max_concurrent}, and retries (which copy the reused node results). One transaction locks the
 * workflow's row ({@code FOR NO KEY UPDATE}: it queues the starts of this workflow behind each other on every
 * server sharing the database, while the foreign-key checks of other inserts, {@code FOR KEY SHARE}, pass),
 * counts its running executions in a statement of its own (so it sees what the previous holder of the lock
 * committed) and inserts only below the limit. The count is exact across servers.
 */
public class ExecutionStartStore {

    private final Jdbi jdbi;

    public ExecutionStartStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What became of a start. */
    public sealed interface Admission {
    }

    /** Recorded as running. */
    public record Admitted() implements Admission {
    }

    /** The workflow no longer exists. */
    public record NoWorkflow() implements Admission {
    }

    /** {@code limit} executions of the workflow are running already. */
    public record Busy(int limit) implements Admission {
    }

    /** A retry: the execution it retries and how many of its first node results it takes over. */
    public record RetryOf(String executionId, int reusedNodes) {
    }

    public Admission insertGuarded(String id, String workflowId, String triggerType, String triggeredBy,
                                   Instant startedAt, String serverId, RetryOf retry) {
        return jdbi.inTransaction(h -> {
            Optional<Integer> limit = h.createQuery("SELECT COALESCE(max_concurrent, 0) FROM workflows "
                            + "WHERE id = :workflowId FOR NO KEY UPDATE")
                    .bind("workflowId", workflowId).mapTo(Integer.class).findOne();
            if (limit.isEmpty()) {
                return new NoWorkflow();
            }
            if (limit.get() > 0) {
                long running = h.createQuery("SELECT count(*) FROM workflow_executions "
                                + "WHERE workflow_id = :workflowId AND status = :running")
                        .bind("workflowId", workflowId).bind("running", RunStatus.RUNNING.wire())
                        .mapTo(Long.class).one();
                if (running >= limit.get()) {
                    return new Busy(limit.get());
                }
            }
            h.createUpdate("INSERT INTO workflow_executions (id, workflow_id, trigger_type, triggered_by, status, "
                            + "started_at, server_id, retry_of) VALUES (:id, :workflowId, :triggerType, :triggeredBy, "
                            + ":running, :startedAt, :serverId, :retryOf)")
                    .bind("id", id).bind("workflowId", workflowId).bind("triggerType", triggerType)
                    .bind("triggeredBy", triggeredBy).bind("running", RunStatus.RUNNING.wire())
                    .bind("startedAt", startedAt).bind("serverId", serverId)
                    .bind("retryOf", retry == null ? null : retry.executionId()).execute();
            if (retry != null && retry.reusedNodes() > 0) {
                // Copied as stored: the outputs later nodes read are byte for byte the original's.
                h.createUpdate("INSERT INTO workflow_node_results (execution_id, position, node_id, node_type, node_name, "
                                + "status, attempts, started_at, finished_at, output, error, reused_from) "
                                + "SELECT :id, position, node_id, node_type, node_name, status, attempts, started_at, "
                                + "finished_at, output, error, COALESCE(reused_from, :original) FROM workflow_node_results "
                                + "WHERE execution_id = :original AND position < :reused")
                        .bind("id", id).bind("original", retry.executionId()).bind("reused", retry.reusedNodes())
                        .execute();
            }
            return new Admitted();
        });
    }
}
