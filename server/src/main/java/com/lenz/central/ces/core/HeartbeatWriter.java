package com.lenz.central.ces.core;

import com.lenz.central.db.DatabaseAvailability;
import com.lenz.central.ces.db.CesNodeStore;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes slaves' reports (those that carry an id) to {@code ces_nodes} in batches: one thread takes
 * every report waiting and upserts them in one statement, and each caller waits for the statement
 * that carried its report. A lone report is written at once; under load, reports arriving while a
 * batch is written form the next one, so 10,000 slaves reporting cost a few statements a second
 * instead of one each. A batch the database refuses is written again report by report, so that one
 * bad report fails alone.
 */
public class HeartbeatWriter implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(HeartbeatWriter.class);
    private static final int MAX_BATCH = 1_000;
    private static final long WAIT_SECONDS = 30;

    private final CesNodeStore nodes;
    private final Clock clock;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private volatile Thread writer;

    public HeartbeatWriter(CesNodeStore nodes, Clock clock) {
        this.nodes = nodes;
        this.clock = clock;
    }

    /** Records the report (stamped with this master's clock when its batch is written) and returns once it is stored. */
    public void record(NodeReport report) {
        if (writer == null) {
            nodes.recordReports(List.of(report), clock.instant());
            return;
        }
        Pending pending = new Pending(report, new CompletableFuture<>());
        queue.add(pending);
        try {
            pending.done.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the report was being stored", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the report was not stored within " + WAIT_SECONDS + " s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void start() {
        Thread thread = new Thread(this::run, "ces-heartbeat-writer");
        thread.setDaemon(true);
        writer = thread;
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        Thread thread = writer;
        writer = null;
        if (thread != null) {
            thread.interrupt();
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(p -> p.done.completeExceptionally(new IllegalStateException("the server is stopping")));
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (writer == Thread.currentThread()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Pending> batch) {
        // One row per node (ids compare case-insensitively): of two reports of one node in a batch, the
        // later one wins, keeping what the earlier gave and it left out. One statement cannot touch a row twice.
        Map<String, NodeReport> latest = new LinkedHashMap<>();
        for (Pending pending : batch) {
            NodeReport earlier = latest.remove(pending.report.idKey());
            latest.put(pending.report.idKey(), earlier == null ? pending.report : pending.report.over(earlier));
        }
        try {
            nodes.recordReports(new ArrayList<>(latest.values()), clock.instant());
            batch.forEach(p -> p.done.complete(null));
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1 || DatabaseAvailability.isOutage(batchFailure)) {
                // One by one would fail alike when the database is away (its watch logs that once).
                batch.forEach(p -> p.done.completeExceptionally(batchFailure));
                return;
            }
            LOG.warn("a batch of {} CES reports was refused ({}); writing them one by one", batch.size(),
                    batchFailure.getMessage());
            for (Pending pending : batch) {
                try {
                    nodes.recordReports(List.of(pending.report), clock.instant());
                    pending.done.complete(null);
                } catch (RuntimeException e) {
                    pending.done.completeExceptionally(e);
                }
            }
        }
    }

    private record Pending(NodeReport report, CompletableFuture<Void> done) {
    }
}
