package com.lenz.central.ces.core;

import com.lenz.central.ces.db.CesNodeStore;
import com.lenz.central.db.GroupCommit;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes slaves' reports (those that carry an id) to {@code ces_nodes} in batches: every report waiting is
 * upserted in one statement (stamped with this master's clock when its batch is written), and each caller
 * waits for the statement that carried its report, so 10,000 slaves reporting cost a few statements a second
 * instead of one each. A batch the database refuses is written again report by report.
 */
public class HeartbeatWriter extends GroupCommit<NodeReport> {

    private static final int MAX_BATCH = 1_000;
    private static final long WAIT_SECONDS = 30;

    public HeartbeatWriter(CesNodeStore nodes, Clock clock) {
        super("ces-heartbeat-writer", "CES report", MAX_BATCH, WAIT_SECONDS,
                reports -> nodes.recordReports(onePerNode(reports), clock.instant()));
    }

    /**
     * One row per node (ids compare case-insensitively): of two reports of one node in a batch, the later one
     * wins, keeping what the earlier gave and it left out. One statement cannot touch a row twice.
     */
    private static List<NodeReport> onePerNode(List<NodeReport> reports) {
        Map<String, NodeReport> latest = new LinkedHashMap<>();
        for (NodeReport report : reports) {
            NodeReport earlier = latest.remove(report.idKey());
            latest.put(report.idKey(), earlier == null ? report : report.over(earlier));
        }
        return new ArrayList<>(latest.values());
    }
}
