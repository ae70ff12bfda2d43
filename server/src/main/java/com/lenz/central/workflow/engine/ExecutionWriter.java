package com.lenz.central.workflow.engine;

import com.lenz.central.db.GroupCommit;
import com.lenz.central.workflow.db.ExecutionInserts;

/**
 * Group commit of short executions: every finished run waiting is inserted (rows and node results) in one
 * statement, and each run's thread waits for the commit that carried it before its caller is answered. A batch
 * refused for another reason than an outage (e.g. a workflow deleted meanwhile) is written again run by run.
 */
public class ExecutionWriter extends GroupCommit<ExecutionInserts.Row> {

    private static final int MAX_BATCH = 500;
    /** A commit that takes longer is given up (the caller answers 503). */
    private static final long WAIT_SECONDS = 60;

    public ExecutionWriter(ExecutionInserts inserts) {
        super("execution-writer", "execution", MAX_BATCH, WAIT_SECONDS, inserts::insert);
    }
}
