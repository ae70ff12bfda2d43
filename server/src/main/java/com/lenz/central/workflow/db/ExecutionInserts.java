package com.lenz.central.workflow.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.core.RunStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Writes whole executions, their row and every node result, in one statement for any number of them: a
 * short run is written once, at its end, instead of a row when it starts and a statement per node, and the
 * ends of many concurrent runs share one statement (one commit). A run that took longer is written the same
 * way as it stands (running, with the node running now), after which it is written step by step.
 */
public class ExecutionInserts {

    /** An execution to insert, with what its nodes did so far ({@code nodes}: position → result). */
    public record Row(String id, String workflowId, String triggerType, String triggeredBy, RunStatus status,
                      Instant startedAt, Instant finishedAt, String error, String serverId,
                      Map<String, Object> triggerData, List<String> nodeHashes, List<ExecutionStore.Finished> nodes) {
    }

    // One statement: the execution rows in a CTE, the node results in the main INSERT. The node results'
    // foreign key is checked at the end of the statement, when the executions are there.
    private static final String SQL = "WITH e AS (INSERT INTO workflow_executions (id, workflow_id, trigger_type, "
            + "triggered_by, status, started_at, finished_at, error, server_id, trigger_data, node_hashes) "
            + "SELECT x.id, x.wid, x.ttype, x.tby, x.status, x.started, x.finished, x.error, x.server, "
            + "CAST(x.tdata AS jsonb), CASE WHEN x.hashes IS NULL THEN NULL "
            + "ELSE ARRAY(SELECT jsonb_array_elements_text(CAST(x.hashes AS jsonb))) END "
            + "FROM unnest(CAST(:ids AS text[]), CAST(:wids AS text[]), CAST(:ttypes AS text[]), CAST(:tbys AS text[]), "
            + "CAST(:statuses AS text[]), CAST(:starts AS timestamptz[]), CAST(:ends AS timestamptz[]), "
            + "CAST(:errors AS text[]), CAST(:servers AS text[]), CAST(:tdatas AS text[]), CAST(:hashes AS text[])) "
            + "AS x(id, wid, ttype, tby, status, started, finished, error, server, tdata, hashes)) "
            + "INSERT INTO workflow_node_results (execution_id, position, node_id, node_type, node_name, status, attempts, "
            + "started_at, finished_at, output, error) "
            + "SELECT n.eid, n.pos, n.nid, n.ntype, n.nname, n.status, n.attempts, n.started, n.finished, "
            + "CAST(n.output AS jsonb), n.error "
            + "FROM unnest(CAST(:nExec AS text[]), CAST(:nPos AS integer[]), CAST(:nIds AS text[]), CAST(:nTypes AS text[]), "
            + "CAST(:nNames AS text[]), CAST(:nStatuses AS text[]), CAST(:nAttempts AS integer[]), "
            + "CAST(:nStarts AS timestamptz[]), CAST(:nEnds AS timestamptz[]), CAST(:nOutputs AS text[]), "
            + "CAST(:nErrors AS text[])) AS n(eid, pos, nid, ntype, nname, status, attempts, started, finished, output, error)";

    private final Jdbi jdbi;
    private final ObjectMapper json;

    public ExecutionInserts(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    /** Inserts the executions and their node results, all or none (one statement, one transaction). */
    public void insert(List<Row> rows) {
        int n = rows.size();
        String[] ids = new String[n], wids = new String[n], ttypes = new String[n], tbys = new String[n];
        String[] statuses = new String[n], starts = new String[n], ends = new String[n], errors = new String[n];
        String[] servers = new String[n], tdatas = new String[n], hashes = new String[n];
        List<String> nExec = new ArrayList<>(), nIds = new ArrayList<>(), nTypes = new ArrayList<>(),
                nNames = new ArrayList<>(), nStatuses = new ArrayList<>(), nStarts = new ArrayList<>(),
                nEnds = new ArrayList<>(), nOutputs = new ArrayList<>(), nErrors = new ArrayList<>();
        List<Integer> nPos = new ArrayList<>(), nAttempts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Row row = rows.get(i);
            ids[i] = row.id();
            wids[i] = row.workflowId();
            ttypes[i] = row.triggerType();
            tbys[i] = row.triggeredBy();
            statuses[i] = row.status().wire();
            starts[i] = text(row.startedAt());
            ends[i] = text(row.finishedAt());
            errors[i] = row.error();
            servers[i] = row.serverId();
            tdatas[i] = row.triggerData() == null ? null : write(row.triggerData());
            hashes[i] = row.nodeHashes() == null ? null : write(row.nodeHashes());
            for (ExecutionStore.Finished node : row.nodes()) {
                Execution.NodeRun run = node.run();
                nExec.add(row.id());
                nPos.add(node.position());
                nIds.add(run.nodeId());
                nTypes.add(run.nodeType());
                nNames.add(run.nodeName());
                nStatuses.add(run.status().wire());
                nAttempts.add(run.attempts());
                nStarts.add(text(run.startedAt()));
                nEnds.add(text(run.finishedAt()));
                nOutputs.add(run.output() == null ? null : write(run.output()));
                nErrors.add(run.error());
            }
        }
        jdbi.useHandle(h -> h.createUpdate(SQL)
                .bind("ids", ids).bind("wids", wids).bind("ttypes", ttypes).bind("tbys", tbys)
                .bind("statuses", statuses).bind("starts", starts).bind("ends", ends).bind("errors", errors)
                .bind("servers", servers).bind("tdatas", tdatas).bind("hashes", hashes)
                .bind("nExec", nExec.toArray(String[]::new)).bind("nPos", nPos.toArray(Integer[]::new))
                .bind("nIds", nIds.toArray(String[]::new)).bind("nTypes", nTypes.toArray(String[]::new))
                .bind("nNames", nNames.toArray(String[]::new)).bind("nStatuses", nStatuses.toArray(String[]::new))
                .bind("nAttempts", nAttempts.toArray(Integer[]::new)).bind("nStarts", nStarts.toArray(String[]::new))
                .bind("nEnds", nEnds.toArray(String[]::new)).bind("nOutputs", nOutputs.toArray(String[]::new))
                .bind("nErrors", nErrors.toArray(String[]::new))
                .execute());
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write execution JSON", e);
        }
    }
}
