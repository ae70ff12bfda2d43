package com.lenz.central.workflow.engine;

import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.core.RunStatus;
import com.lenz.central.workflow.core.WorkflowNode;
import com.lenz.central.workflow.db.ExecutionInserts;
import com.lenz.central.workflow.db.ExecutionStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * The writes of a run started without its row (see {@link ExecutionService#startAwaited}): while it is
 * short, what its nodes did is kept here and the whole run is written once at its end, through the
 * {@link ExecutionWriter}. When it is still running after the short-run window, {@link #writeSoFar} writes
 * it as it stands (running, with the node running now) and from then on the run writes step by step, as one
 * started with its row does. One lock orders the two: the run's end is either written whole, or after its
 * row is there.
 */
final class ShortRun {

    private final ExecutionStore store;
    private final ExecutionInserts inserts;
    private final ExecutionWriter writer;
    private final String serverId;
    private final RunningExecution run;
    private final Object lock = new Object();
    /** Null once the row is written (or its end is being written): the run then writes step by step. */
    private List<ExecutionStore.Finished> done = new ArrayList<>();
    private boolean ending;
    private int currentPosition = -1;
    private WorkflowNode current;
    private Instant currentStarted;
    private volatile ScheduledFuture<?> watch;

    ShortRun(ExecutionStore store, ExecutionInserts inserts, ExecutionWriter writer, String serverId,
             RunningExecution run) {
        this.store = store;
        this.inserts = inserts;
        this.writer = writer;
        this.serverId = serverId;
        this.run = run;
    }

    /** A node starts (and {@code previous}, if any, ended): kept while unwritten, else written as usual. */
    void nodeStarted(ExecutionStore.Finished previous, int position, WorkflowNode node, Instant startedAt) {
        synchronized (lock) {
            if (done != null) {
                if (previous != null) {
                    done.add(previous);
                }
                currentPosition = position;
                current = node;
                currentStarted = startedAt;
                return;
            }
        }
        store.nodeStarted(run.id(), previous, position, node, startedAt);
    }

    /**
     * Writes the ended run whole (row and every node result, in one group commit) when its row is not written
     * yet; returns once committed.
     *
     * @return false when the row is written already: the end is then written step by step by the caller
     * @throws RuntimeException when the database refused it (nothing of the run is stored)
     */
    boolean endWhole(ExecutionStore.Finished last, int firstSkipped, List<Execution.NodeRun> skipped,
                     RunStatus status, Instant finishedAt, String error, List<String> nodeHashes) {
        List<ExecutionStore.Finished> nodes;
        synchronized (lock) {
            if (done == null) {
                return false;
            }
            ending = true;
            nodes = new ArrayList<>(done);
        }
        if (last != null) {
            nodes.add(last);
        }
        for (int i = 0; i < skipped.size(); i++) {
            nodes.add(new ExecutionStore.Finished(firstSkipped + i, skipped.get(i)));
        }
        boolean retryable = nodeHashes != null;
        writer.write(new ExecutionInserts.Row(run.id(), run.workflow().id(), run.triggerType(), run.triggeredBy(), status,
                run.startedAt(), finishedAt, error, serverId, retryable ? run.triggerData() : null, nodeHashes, nodes));
        return true;
    }

    /**
     * Writes the run as it stands, running, unless it is written already or its end is being written; from
     * then on it is visible, cancellable and stamped by the heartbeat like any running execution.
     *
     * @return true when the row is written (now or before); false when the run's end is being written instead
     *
     * @throws RuntimeException when the database refused (the run stays unwritten; the caller tries again)
     */
    boolean writeSoFar() {
        synchronized (lock) {
            if (ending) {
                return false;
            }
            if (done == null) {
                return true;
            }
            List<ExecutionStore.Finished> nodes = new ArrayList<>(done);
            if (current != null) {
                nodes.add(new ExecutionStore.Finished(currentPosition, new Execution.NodeRun(current.id(), current.type(),
                        current.name(), Execution.RUNNING, currentStarted, null, null, null, 1)));
            }
            inserts.insert(List.of(new ExecutionInserts.Row(run.id(), run.workflow().id(), run.triggerType(),
                    run.triggeredBy(), Execution.RUNNING, run.startedAt(), null, null, serverId, null, null, nodes)));
            done = null;
            return true;
        }
    }

    /** The pending write of the run as it stands at the end of the window (cancelled when the run ends). */
    void watch(ScheduledFuture<?> write) {
        this.watch = write;
    }

    void unwatch() {
        ScheduledFuture<?> write = watch;
        if (write != null) {
            write.cancel(false);
        }
    }

    /** True while the run's row is not in the database (and nobody is writing its end). */
    boolean unwritten() {
        synchronized (lock) {
            return done != null && !ending;
        }
    }
}
