package com.lenz.central.workflow.db;

import static com.lenz.central.workflow.db.WorkflowStore.instant;

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
import com.lenz.central.workflow.core.WorkflowNode;
import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.core.ExecutionCount;
import com.lenz.central.workflow.core.ExecutionFilter;
import com.lenz.central.workflow.core.RunStatus;

/**
 * The {@code workflow_executions} and {@code workflow_node_results} tables, written as an execution
 * happens, plus the heartbeat that tells live executions from ones a dead server left behind.
 */
public class ExecutionStore {

    private static final String COLUMNS = "id, workflow_id, trigger_type, status, started_at, finished_at, error, triggered_by, retry_of";

    private final Jdbi jdbi;
    private final ObjectMapper json;

    public ExecutionStore(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    /** The starts that need a transaction: workflows with max_concurrent, retries. */
    public ExecutionStartStore guardedStarts() {
        return new ExecutionStartStore(jdbi);
    }

    /**
     * Records a new running execution, owned by server {@code serverId}; false when its workflow no longer exists
     * or has a {@code max_concurrent} (such a start goes through {@link ExecutionStartStore}).
     */
    public boolean insertRunning(String id, String workflowId, String triggerType, String triggeredBy, Instant startedAt,
                                 String serverId) {
        return jdbi.withHandle(h -> h.createUpdate("INSERT INTO workflow_executions (id, workflow_id, trigger_type, "
                        + "triggered_by, status, started_at, server_id) SELECT :id, id, :triggerType, :triggeredBy, :running, "
                        + ":startedAt, :serverId FROM workflows WHERE id = :workflowId AND max_concurrent IS NULL")
                .bind("running", RunStatus.RUNNING.wire())
                .bind("id", id).bind("workflowId", workflowId).bind("triggerType", triggerType)
                .bind("triggeredBy", triggeredBy).bind("startedAt", startedAt).bind("serverId", serverId).execute()) > 0;
    }

    /**
     * Records many new running executions in one statement (a burst of schedules due the same second),
     * all started at {@code startedAt} by the same trigger; {@code ids[i]} runs {@code workflowIds[i]}.
     *
     * @return the ids inserted: those whose workflow still exists and has no {@code max_concurrent} (those take
     *         the guarded start)
     */
    public java.util.Set<String> insertRunningAll(List<String> ids, List<String> workflowIds, String triggerType,
                                                  String triggeredBy, Instant startedAt, String serverId) {
        return jdbi.withHandle(h -> new java.util.HashSet<>(h.createQuery("INSERT INTO workflow_executions (id, workflow_id, "
                        + "trigger_type, triggered_by, status, started_at, server_id) SELECT x.id, w.id, :triggerType, "
                        + ":triggeredBy, :running, :startedAt, :serverId FROM unnest(:ids, :workflowIds) AS x(id, wid) "
                        + "JOIN workflows w ON w.id = x.wid AND w.max_concurrent IS NULL RETURNING id")
                .bind("running", RunStatus.RUNNING.wire())
                .bind("ids", ids.toArray(String[]::new)).bind("workflowIds", workflowIds.toArray(String[]::new))
                .bind("triggerType", triggerType).bind("triggeredBy", triggeredBy).bind("startedAt", startedAt)
                .bind("serverId", serverId).mapTo(String.class).list()));
    }

    /**
     * Closes as failed the running executions owned by {@code serverId} other than {@code alive}: called when
     * a server starts, they were left by its previous life (killed, or its machine lost power).
     *
     * @return how many were closed
     */
    public int failOwnedBy(String serverId, Collection<String> alive, String error) {
        return jdbi.inTransaction(h -> {
            List<String> ids = h.createQuery("UPDATE workflow_executions SET status = :failed, finished_at = now(), "
                            + "error = :error WHERE status = :running AND server_id = :serverId AND NOT (id = ANY(:alive)) "
                            + "RETURNING id")
                    .bind("failed", RunStatus.FAILED.wire()).bind("running", RunStatus.RUNNING.wire())
                    .bind("error", error).bind("serverId", serverId).bind("alive", alive.toArray(String[]::new))
                    .mapTo(String.class).list();
            closeRunningNodes(h, ids, error);
            return ids.size();
        });
    }

    /**
     * Records that a node started, and in the same statement how the node before it ended: the two happen
     * at the same moment, and one round trip (one commit) instead of two is what keeps executions cheap.
     *
     * @param previous the node that just ended, or null when this is the first node
     */
    public void nodeStarted(String executionId, Finished previous, int position, WorkflowNode node, Instant startedAt) {
        jdbi.useHandle(h -> {
            var update = h.createUpdate((previous == null ? "" : "WITH done AS (" + FINISH_NODE + ") ")
                    + "INSERT INTO workflow_node_results (execution_id, position, node_id, node_type, node_name, status, "
                    + "attempts, started_at) VALUES (:execution, :position, :nodeId, :type, :name, :running, 1, :startedAt) "
                    + "ON CONFLICT DO NOTHING")
                    .bind("running", RunStatus.RUNNING.wire())
                    .bind("execution", executionId).bind("position", position).bind("nodeId", node.id())
                    .bind("type", node.type()).bind("name", node.name()).bind("startedAt", startedAt);
            if (previous != null) {
                bindFinished(update, previous);
            }
            update.execute();
        });
    }

    /**
     * Keeps what a retry of this execution needs: the data its templates saw as {@code {{trigger}}} and the
     * fingerprint of each node definition it ran with. Written only for executions that did not succeed.
     */
    public void keepForRetry(String id, Map<String, Object> triggerData, List<String> nodeHashes) {
        jdbi.useHandle(h -> h.createUpdate("UPDATE workflow_executions SET trigger_data = CAST(:data AS jsonb), "
                        + "node_hashes = :hashes WHERE id = :id")
                .bind("id", id).bind("data", write(triggerData)).bind("hashes", nodeHashes.toArray(String[]::new))
                .execute());
    }

    /** What {@link #keepForRetry} kept; empty when nothing was (the execution's server stopped first). */
    public Optional<RetrySource> retrySource(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT trigger_data::text AS data, node_hashes FROM workflow_executions "
                        + "WHERE id = :id AND node_hashes IS NOT NULL")
                .bind("id", id)
                .map((rs, ctx) -> new RetrySource(parseObject(rs.getString("data")),
                        List.of((String[]) rs.getArray("node_hashes").getArray())))
                .findOne());
    }

    /** The original trigger data and node fingerprints of an execution, for its retry. */
    public record RetrySource(Map<String, Object> triggerData, List<String> nodeHashes) {
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> parseObject(String text) {
        return text == null ? Map.of() : (Map<String, Object>) parse(text);
    }

    /** A node that ended, at its position in the workflow. */
    public record Finished(int position, Execution.NodeRun run) {
    }

    /**
     * Closes a running execution in one statement: how its last node ended, the nodes skipped after it
     * (all for one reason), and its status.
     *
     * @param last    the node that ended last and is not stored yet, or null
     * @param skipped the nodes not run, from position {@code firstSkipped} on
     * @return false when the execution was no longer running (closed by a stale-heartbeat check, or deleted)
     */
    public boolean finish(String id, Finished last, int firstSkipped, List<Execution.NodeRun> skipped, RunStatus status,
                          Instant finishedAt, String error) {
        StringBuilder sql = new StringBuilder("WITH ");
        if (last != null) {
            sql.append("done AS (").append(FINISH_NODE).append("), ");
        }
        sql.append("skipped AS (INSERT INTO workflow_node_results (execution_id, position, node_id, node_type, node_name, "
                + "status, attempts, error) SELECT :execution, s.position, s.node_id, s.node_type, s.node_name, :skipped, 0, "
                + ":skipReason FROM unnest(CAST(:skipPositions AS integer[]), CAST(:skipIds AS text[]), "
                + "CAST(:skipTypes AS text[]), CAST(:skipNames AS text[])) AS s(position, node_id, node_type, node_name) "
                + "ON CONFLICT DO NOTHING) "
                + "UPDATE workflow_executions SET status = :status, finished_at = :finishedAt, error = :error "
                + "WHERE id = :execution AND status = :running");
        Integer[] positions = new Integer[skipped.size()];
        for (int i = 0; i < positions.length; i++) {
            positions[i] = firstSkipped + i;
        }
        return jdbi.withHandle(h -> {
            var update = h.createUpdate(sql.toString())
                    .bind("skipped", RunStatus.SKIPPED.wire()).bind("running", RunStatus.RUNNING.wire())
                    .bind("execution", id).bind("status", status.wire()).bind("finishedAt", finishedAt).bind("error", error)
                    .bind("skipReason", skipped.isEmpty() ? null : skipped.get(0).error())
                    .bind("skipPositions", positions)
                    .bind("skipIds", skipped.stream().map(Execution.NodeRun::nodeId).toArray(String[]::new))
                    .bind("skipTypes", skipped.stream().map(Execution.NodeRun::nodeType).toArray(String[]::new))
                    .bind("skipNames", skipped.stream().map(Execution.NodeRun::nodeName).toArray(String[]::new));
            if (last != null) {
                bindFinished(update, last);
            }
            return update.execute();
        }) > 0;
    }

    private static final String FINISH_NODE = "UPDATE workflow_node_results SET status = :doneStatus, "
            + "attempts = :doneAttempts, finished_at = :doneFinishedAt, output = CAST(:doneOutput AS jsonb), "
            + "error = :doneError WHERE execution_id = :execution AND position = :donePosition";

    private void bindFinished(org.jdbi.v3.core.statement.Update update, Finished done) {
        Execution.NodeRun run = done.run();
        update.bind("donePosition", done.position()).bind("doneStatus", run.status().wire()).bind("doneAttempts", run.attempts())
                .bind("doneFinishedAt", run.finishedAt()).bind("doneOutput", write(run.output()))
                .bind("doneError", run.error());
    }

    public Optional<Execution> find(String workflowId, String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT " + COLUMNS + " FROM workflow_executions "
                        + "WHERE id = :id AND workflow_id = :workflowId")
                .bind("id", id).bind("workflowId", workflowId)
                .map((rs, ctx) -> read(rs)).findOne()
                .map(e -> withNodes(h, List.of(e)).get(0)));
    }

    /** The executions {@code filter} matches, newest first, with their node results. */
    public List<Execution> list(ExecutionFilter filter, long offset, int limit) {
        Where where = Where.of(filter);
        return jdbi.withHandle(h -> withNodes(h, where.bind(h.createQuery("SELECT " + COLUMNS + " FROM workflow_executions"
                        + where.sql + " ORDER BY started_at DESC, id DESC LIMIT :limit OFFSET :offset"))
                .bind("limit", limit).bind("offset", offset)
                .map((rs, ctx) -> read(rs)).list()));
    }

    /**
     * How many executions {@code filter} matches: counted up to {@link ExecutionCount#EXACT_UP_TO}, beyond
     * that the planner's estimate, so that a page costs the same at ten thousand executions and at ten million.
     */
    public ExecutionCount count(ExecutionFilter filter) {
        Where where = Where.of(filter);
        return jdbi.withHandle(h -> {
            long counted = where.bind(h.createQuery("SELECT count(*) FROM (SELECT 1 FROM workflow_executions" + where.sql
                            + " LIMIT :cap) AS matching"))
                    .bind("cap", ExecutionCount.EXACT_UP_TO + 1).mapTo(Long.class).one();
            if (counted <= ExecutionCount.EXACT_UP_TO) {
                return new ExecutionCount(counted, false);
            }
            String plan = where.bind(h.createQuery("EXPLAIN (FORMAT JSON) SELECT 1 FROM workflow_executions" + where.sql))
                    .mapTo(String.class).one();
            try {
                long estimate = json.readTree(plan).path(0).path("Plan").path("Plan Rows").asLong();
                return new ExecutionCount(Math.max(estimate, counted), true);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("cannot read the planner's estimate", e);
            }
        });
    }

    /**
     * A filter's WHERE clause, put together from fixed fragments (the values are bound): one statement per
     * combination of filters, each one the planner can match with an index, where a single statement with
     * "(:x IS NULL OR col = :x)" would get a generic plan that scans.
     */
    private record Where(String sql, Map<String, Object> values) {
        static Where of(ExecutionFilter filter) {
            List<String> parts = new ArrayList<>();
            Map<String, Object> values = new LinkedHashMap<>();
            add(parts, values, "workflow_id = :fWorkflow", "fWorkflow", filter.workflowId());
            add(parts, values, "status = :fStatus", "fStatus", filter.status() == null ? null : filter.status().wire());
            add(parts, values, "trigger_type = :fTrigger", "fTrigger", filter.triggerType());
            add(parts, values, "started_at >= :fFrom", "fFrom", filter.from());
            add(parts, values, "started_at < :fTo", "fTo", filter.to());
            return new Where(parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts), values);
        }

        private static void add(List<String> parts, Map<String, Object> values, String sql, String name, Object value) {
            if (value != null) {
                parts.add(sql);
                values.put(name, value);
            }
        }

        org.jdbi.v3.core.statement.Query bind(org.jdbi.v3.core.statement.Query query) {
            values.forEach(query::bind);
            return query;
        }
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
                        + "WHERE id = ANY(:ids) AND status = :running RETURNING id, cancel_reason")
                .bind("running", RunStatus.RUNNING.wire()).bind("ids", ids.toArray(String[]::new))
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
                + "WHERE id = :id AND status = :running")
                        .bind("running", RunStatus.RUNNING.wire()).bind("id", id).bind("reason", reason).execute()) > 0;
    }

    /**
     * Closes as failed every running execution whose heartbeat is older than {@code staleAfter} (the database's
     * clock decides, so servers' clocks need not agree), and its running node.
     *
     * @return how many were closed
     */
    public int failStale(Duration staleAfter, String error) {
        return failStale(staleAfter, List.of(), error);
    }

    /** As {@link #failStale(Duration, String)}, sparing the executions {@code alive} (this server runs them). */
    public int failStale(Duration staleAfter, Collection<String> alive, String error) {
        return jdbi.inTransaction(h -> {
            List<String> ids = h.createQuery("UPDATE workflow_executions SET status = :failed, finished_at = now(), "
                            + "error = :error WHERE status = :running AND heartbeat_at < now() - make_interval(secs => :secs) "
                            + "AND NOT (id = ANY(:alive)) RETURNING id")
                    .bind("failed", RunStatus.FAILED.wire()).bind("running", RunStatus.RUNNING.wire())
                    .bind("error", error).bind("secs", staleAfter.toMillis() / 1000.0)
                    .bind("alive", alive.toArray(String[]::new)).mapTo(String.class).list();
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
            List<String> closed = h.createQuery("UPDATE workflow_executions SET status = :failed, finished_at = now(), "
                            + "error = :error WHERE id = ANY(:ids) AND status = :running RETURNING id")
                    .bind("failed", RunStatus.FAILED.wire()).bind("running", RunStatus.RUNNING.wire())
                    .bind("error", error).bind("ids", ids.toArray(String[]::new)).mapTo(String.class).list();
            closeRunningNodes(h, closed, error);
        });
    }

    private static void closeRunningNodes(Handle h, List<String> executionIds, String error) {
        if (!executionIds.isEmpty()) {
            h.createUpdate("UPDATE workflow_node_results SET status = :failed, finished_at = now(), error = :error "
                            + "WHERE execution_id = ANY(:ids) AND status = :running")
                    .bind("failed", RunStatus.FAILED.wire()).bind("running", RunStatus.RUNNING.wire())
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
                        + "output, error, reused_from FROM workflow_node_results WHERE execution_id = ANY(:ids) ORDER BY execution_id, position")
                .bind("ids", nodes.keySet().toArray(String[]::new))
                .map((rs, ctx) -> Map.entry(rs.getString("execution_id"), new Execution.NodeRun(rs.getString("node_id"),
                        rs.getString("node_type"), rs.getString("node_name"), RunStatus.of(rs.getString("status")),
                        instant(rs, "started_at"), instant(rs, "finished_at"), parse(rs.getString("output")),
                        rs.getString("error"), rs.getInt("attempts"), rs.getString("reused_from"))))
                .forEach(entry -> nodes.get(entry.getKey()).add(entry.getValue()));
        return executions.stream().map(e -> new Execution(e.id(), e.workflowId(), e.triggerType(), e.status(),
                e.startedAt(), e.finishedAt(), nodes.get(e.id()), e.error(), e.triggeredBy(), e.retryOf())).toList();
    }

    private static Execution read(ResultSet rs) throws SQLException {
        return new Execution(rs.getString("id"), rs.getString("workflow_id"), rs.getString("trigger_type"),
                RunStatus.of(rs.getString("status")), instant(rs, "started_at"), instant(rs, "finished_at"), List.of(),
                rs.getString("error"), rs.getString("triggered_by"), rs.getString("retry_of"));
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
