package com.lenz.central.workflow;

import static com.lenz.central.workflow.WorkflowStore.at;
import static com.lenz.central.workflow.WorkflowStore.instant;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * The {@code workflow_executions} and {@code workflow_node_results} tables, written as an execution
 * happens, plus the heartbeat that tells live executions from ones a dead server left behind.
 */
public class ExecutionStore {

    private static final String COLUMNS = "id, workflow_id, trigger_type, status, started_at, finished_at, error, triggered_by";

    private final Jdbi jdbi;
    private final ObjectMapper json;

    public ExecutionStore(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    /** Records a new running execution; false when its workflow no longer exists. */
    public boolean insertRunning(String id, String workflowId, String triggerType, String triggeredBy, Instant startedAt) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO workflow_executions (id, workflow_id, trigger_type, "
                        + "triggered_by, status, started_at) SELECT :id, id, :triggerType, :triggeredBy, 'running', :startedAt "
                        + "FROM workflows WHERE id = :workflowId")
                .bind("id", id).bind("workflowId", workflowId).bind("triggerType", triggerType)
                .bind("triggeredBy", triggeredBy).bind("startedAt", at(startedAt)).execute()) > 0;
    }

    public void nodeStarted(String executionId, int position, WorkflowNode node, Instant startedAt) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO workflow_node_results (execution_id, position, node_id, node_type, "
                        + "node_name, status, attempts, started_at) VALUES (:execution, :position, :nodeId, :type, :name, "
                        + "'running', 1, :startedAt) ON CONFLICT DO NOTHING")
                .bind("execution", executionId).bind("position", position).bind("nodeId", node.id())
                .bind("type", node.type()).bind("name", node.name()).bind("startedAt", at(startedAt)).execute());
    }

    /** Stores how a node ended (its row exists unless it was skipped, in which case it is inserted). */
    public void nodeFinished(String executionId, int position, Execution.NodeRun run) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO workflow_node_results (execution_id, position, node_id, node_type, "
                        + "node_name, status, attempts, started_at, finished_at, output, error) VALUES (:execution, :position, "
                        + ":nodeId, :type, :name, :status, :attempts, :startedAt, :finishedAt, CAST(:output AS jsonb), :error) "
                        + "ON CONFLICT (execution_id, position) DO UPDATE SET status = EXCLUDED.status, "
                        + "attempts = EXCLUDED.attempts, finished_at = EXCLUDED.finished_at, output = EXCLUDED.output, "
                        + "error = EXCLUDED.error")
                .bind("execution", executionId).bind("position", position).bind("nodeId", run.nodeId())
                .bind("type", run.nodeType()).bind("name", run.nodeName()).bind("status", run.status())
                .bind("attempts", run.attempts()).bind("startedAt", at(run.startedAt()))
                .bind("finishedAt", at(run.finishedAt())).bind("output", write(run.output())).bind("error", run.error())
                .execute());
    }

    /** Records the skipped nodes (from {@code firstPosition} on) in one round trip. */
    public void nodesSkipped(String executionId, int firstPosition, List<Execution.NodeRun> skipped) {
        if (skipped.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> {
            PreparedBatch batch = h.prepareBatch("INSERT INTO workflow_node_results (execution_id, position, node_id, "
                    + "node_type, node_name, status, attempts, error) VALUES (:execution, :position, :nodeId, :type, :name, "
                    + "'skipped', 0, :error) ON CONFLICT DO NOTHING");
            for (int i = 0; i < skipped.size(); i++) {
                Execution.NodeRun run = skipped.get(i);
                batch.bind("execution", executionId).bind("position", firstPosition + i).bind("nodeId", run.nodeId())
                        .bind("type", run.nodeType()).bind("name", run.nodeName()).bind("error", run.error()).add();
            }
            batch.execute();
        });
    }

    /** Closes a running execution; false when it was no longer running (closed by a reaper or deleted). */
    public boolean finish(String id, String status, Instant finishedAt, String error) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE workflow_executions SET status = :status, finished_at = :finishedAt, "
                        + "error = :error WHERE id = :id AND status = 'running'")
                .bind("id", id).bind("status", status).bind("finishedAt", at(finishedAt)).bind("error", error)
                .execute()) > 0;
    }

    public Optional<Execution> find(String workflowId, String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM workflow_executions "
                        + "WHERE id = :id AND workflow_id = :workflowId")
                .bind("id", id).bind("workflowId", workflowId)
                .map((rs, ctx) -> read(rs)).findOne()
                .map(e -> withNodes(h, List.of(e)).get(0)));
    }

    /** A workflow's executions, newest first, with their node results. */
    public List<Execution> list(String workflowId, long offset, int limit) {
        return jdbi.withHandle(h -> withNodes(h, h.createQuery("SELECT " + COLUMNS + " FROM workflow_executions "
                        + "WHERE workflow_id = :workflowId ORDER BY started_at DESC, id DESC LIMIT :limit OFFSET :offset")
                .bind("workflowId", workflowId).bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> read(rs)).list()));
    }

    public long count(String workflowId) {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM workflow_executions WHERE workflow_id = :workflowId")
                .bind("workflowId", workflowId).mapTo(Long.class).one());
    }

    /**
     * Stamps the heartbeat of executions this server runs.
     *
     * @return execution id → reason, for those of them whose cancellation was asked through another server
     */
    public Map<String, String> heartbeat(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        Map<String, String> cancels = new LinkedHashMap<>();
        jdbi.useHandle(h -> h.createQuery("UPDATE workflow_executions SET heartbeat_at = now() "
                        + "WHERE id = ANY(:ids) AND status = 'running' RETURNING id, cancel_reason")
                .bind("ids", ids.toArray(String[]::new))
                .map((rs, ctx) -> new String[] {rs.getString("id"), rs.getString("cancel_reason")})
                .forEach(row -> {
                    if (row[1] != null) {
                        cancels.put(row[0], row[1]);
                    }
                }));
        return cancels;
    }

    /** Asks whichever server runs this execution to cancel it (seen at its next heartbeat). */
    public boolean requestCancel(String id, String reason) {
        return jdbi.withHandle(h -> h.createUpdate("UPDATE workflow_executions SET cancel_reason = :reason "
                + "WHERE id = :id AND status = 'running'").bind("id", id).bind("reason", reason).execute()) > 0;
    }

    /**
     * Closes as failed every running execution whose heartbeat is older than {@code staleAfter} (the database's
     * clock decides, so servers' clocks need not agree), and its running node.
     *
     * @return how many were closed
     */
    public int failStale(Duration staleAfter, String error) {
        return jdbi.inTransaction(h -> {
            List<String> ids = h.createQuery("UPDATE workflow_executions SET status = 'failed', finished_at = now(), "
                            + "error = :error WHERE status = 'running' AND heartbeat_at < now() - make_interval(secs => :secs) "
                            + "RETURNING id")
                    .bind("error", error).bind("secs", staleAfter.toMillis() / 1000.0).mapTo(String.class).list();
            closeRunningNodes(h, ids, error);
            return ids.size();
        });
    }

    /** Closes these executions as failed if they are still running (the server stopping without finishing them). */
    public void failRunning(Collection<String> ids, String error) {
        if (ids.isEmpty()) {
            return;
        }
        jdbi.useTransaction(h -> {
            List<String> closed = h.createQuery("UPDATE workflow_executions SET status = 'failed', finished_at = now(), "
                            + "error = :error WHERE id = ANY(:ids) AND status = 'running' RETURNING id")
                    .bind("error", error).bind("ids", ids.toArray(String[]::new)).mapTo(String.class).list();
            closeRunningNodes(h, closed, error);
        });
    }

    private static void closeRunningNodes(Handle h, List<String> executionIds, String error) {
        if (!executionIds.isEmpty()) {
            h.createUpdate("UPDATE workflow_node_results SET status = 'failed', finished_at = now(), error = :error "
                            + "WHERE execution_id = ANY(:ids) AND status = 'running'")
                    .bind("error", error).bind("ids", executionIds.toArray(String[]::new)).execute();
        }
    }

    private List<Execution> withNodes(Handle h, List<Execution> executions) {
        if (executions.isEmpty()) {
            return executions;
        }
        Map<String, List<Execution.NodeRun>> nodes = new LinkedHashMap<>();
        executions.forEach(e -> nodes.put(e.id(), new ArrayList<>()));
        h.createQuery("SELECT execution_id, node_id, node_type, node_name, status, attempts, started_at, finished_at, "
                        + "output, error FROM workflow_node_results WHERE execution_id = ANY(:ids) ORDER BY execution_id, position")
                .bind("ids", nodes.keySet().toArray(String[]::new))
                .map((rs, ctx) -> Map.entry(rs.getString("execution_id"), new Execution.NodeRun(rs.getString("node_id"),
                        rs.getString("node_type"), rs.getString("node_name"), rs.getString("status"),
                        instant(rs, "started_at"), instant(rs, "finished_at"), parse(rs.getString("output")),
                        rs.getString("error"), rs.getInt("attempts"))))
                .forEach(entry -> nodes.get(entry.getKey()).add(entry.getValue()));
        return executions.stream().map(e -> new Execution(e.id(), e.workflowId(), e.triggerType(), e.status(),
                e.startedAt(), e.finishedAt(), nodes.get(e.id()), e.error(), e.triggeredBy())).toList();
    }

    private static Execution read(ResultSet rs) throws SQLException {
        return new Execution(rs.getString("id"), rs.getString("workflow_id"), rs.getString("trigger_type"),
                rs.getString("status"), instant(rs, "started_at"), instant(rs, "finished_at"), List.of(),
                rs.getString("error"), rs.getString("triggered_by"));
    }

    private String write(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write node output", e);
        }
    }

    private Object parse(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored node output does not parse", e);
        }
    }
}
