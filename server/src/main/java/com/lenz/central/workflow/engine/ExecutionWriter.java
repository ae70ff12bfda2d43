package com.lenz.central.workflow.engine;

import com.lenz.central.db.DatabaseAvailability;
import com.lenz.central.workflow.db.ExecutionInserts;
import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit of short executions: one thread takes every finished run waiting and inserts them (rows and
 * node results) in one statement, and each run's thread waits for the commit that carried it before its
 * caller is answered. A lone run is written at once; under load, runs ending while a batch is written form
 * the next one, so a commit (and its WAL flush) is shared by many executions.
 *
 * <p>A batch that fails because the database is away fails every run in it (nothing of it is stored: one
 * statement); a batch refused for another reason (e.g. a workflow deleted meanwhile) is written again run by
 * run, so that one bad run fails alone. Before {@link #start} and from {@link #stop} on, a run is written on
 * its caller's thread; {@code stop} writes what is queued before it returns.
 */
public class ExecutionWriter implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionWriter.class);
    private static final int MAX_BATCH = 500;
    /** A commit that takes longer is given up (the caller answers 503); the socket timeout bounds it anyway. */
    private static final long WAIT_SECONDS = 60;
    private static final Pending STOP = new Pending(null, null);

    private final ExecutionInserts inserts;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private boolean accepting;
    private Thread thread;

    public ExecutionWriter(ExecutionInserts inserts) {
        this.inserts = inserts;
    }

    /**
     * Stores the run and returns once it is committed.
     *
     * @throws RuntimeException what the database said when the run could not be stored (nothing of it was)
     */
    public void write(ExecutionInserts.Row row) {
        Pending pending = null;
        synchronized (this) {
            if (accepting) {
                pending = new Pending(row, new CompletableFuture<>());
                queue.add(pending);
            }
        }
        if (pending == null) {
            inserts.insert(List.of(row));
            return;
        }
        try {
            pending.done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the execution was being stored", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the execution was not stored within " + WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public synchronized void start() {
        if (thread != null) {
            return;
        }
        accepting = true;
        thread = new Thread(this::run, "execution-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops taking runs (later ones are written by their own thread) and writes those queued. */
    @Override
    public void stop() throws InterruptedException {
        Thread running;
        synchronized (this) {
            if (!accepting) {
                return;
            }
            accepting = false;
            queue.add(STOP); // after every run queued: the thread writes them all, then ends
            running = thread;
            thread = null;
        }
        running.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            Pending first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                fail(new ArrayList<>(queue), new IllegalStateException("the execution writer was interrupted"));
                return;
            }
            boolean last = first == STOP;
            if (!last) {
                batch.add(first);
            }
            queue.drainTo(batch, MAX_BATCH - batch.size());
            if (batch.remove(STOP)) {
                last = true;
            }
            if (!batch.isEmpty()) {
                try {
                    write(batch);
                } catch (RuntimeException | Error e) {
                    // Never leave a caller waiting on a batch nobody will complete.
                    fail(batch, e instanceof RuntimeException r ? r : new IllegalStateException(e));
                }
                batch.clear();
            }
            if (last) {
                return;
            }
        }
    }

    private void write(List<Pending> batch) {
        try {
            inserts.insert(batch.stream().map(Pending::row).toList());
            batch.forEach(p -> p.done.complete(null));
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1 || DatabaseAvailability.isOutage(batchFailure)) {
                // Run by run would fail alike while the database is away (its watch logs that once).
                fail(batch, batchFailure);
                return;
            }
            LOG.warn("a batch of {} executions was refused ({}); writing them one by one", batch.size(),
                    batchFailure.getMessage());
            for (Pending pending : batch) {
                try {
                    inserts.insert(List.of(pending.row));
                    pending.done.complete(null);
                } catch (RuntimeException e) {
                    pending.done.completeExceptionally(e);
                }
            }
        }
    }

    private static void fail(List<Pending> batch, RuntimeException failure) {
        batch.stream().filter(p -> p != STOP).forEach(p -> p.done.completeExceptionally(failure));
    }

    private record Pending(ExecutionInserts.Row row, CompletableFuture<Void> done) {
    }
}
