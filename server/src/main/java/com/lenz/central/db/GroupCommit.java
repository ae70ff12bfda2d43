package com.lenz.central.db;

import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Group commit: each caller hands one item and returns once it is stored; one thread takes every item waiting
 * (up to a batch) and stores them with one call of the sink (one statement, one commit). A lone item is written
 * at once; under load, items arriving while a batch is written form the next one, so a commit (and its WAL
 * flush) is shared by many callers.
 *
 * <p>A batch that fails because the database is away fails every item in it (nothing of it is stored: one
 * statement); a batch refused for another reason is written again item by item, so that one bad item fails
 * alone. Before {@link #start} and from {@link #stop} on, an item is written on its caller's thread; {@code stop}
 * writes what is queued before it returns.
 */
public class GroupCommit<T> implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommit.class);

    private final String threadName;
    private final String item;
    private final int maxBatch;
    /** A commit that takes longer is given up (the caller fails); the socket timeout bounds it anyway. */
    private final long waitSeconds;
    private final Consumer<List<T>> sink;
    private final Pending<T> stopMark = new Pending<>(null, null);
    private final LinkedBlockingQueue<Pending<T>> queue = new LinkedBlockingQueue<>();
    private boolean accepting;
    private Thread thread;

    /**
     * @param item what one item is, for messages ("execution": "the execution was not stored within 60 s")
     * @param sink stores the items it is given in one statement, or throws and stores none of them
     */
    protected GroupCommit(String threadName, String item, int maxBatch, long waitSeconds, Consumer<List<T>> sink) {
        this.threadName = threadName;
        this.item = item;
        this.maxBatch = maxBatch;
        this.waitSeconds = waitSeconds;
        this.sink = sink;
    }

    /**
     * Stores {@code value} and returns once it is committed.
     *
     * @throws RuntimeException what the database said when it could not be stored (nothing of it was)
     */
    public final void write(T value) {
        Pending<T> pending = null;
        synchronized (this) {
            if (accepting) {
                pending = new Pending<>(value, new CompletableFuture<>());
                queue.add(pending);
            }
        }
        if (pending == null) {
            sink.accept(List.of(value));
            return;
        }
        try {
            pending.done.get(waitSeconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the " + item + " was being stored", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the " + item + " was not stored within " + waitSeconds + " s", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    @Override
    public final synchronized void start() {
        if (thread != null) {
            return;
        }
        accepting = true;
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** Stops taking items (later ones are written by their own thread) and writes those queued. */
    @Override
    public final void stop() throws InterruptedException {
        Thread running;
        synchronized (this) {
            if (!accepting) {
                return;
            }
            accepting = false;
            queue.add(stopMark); // after every item queued: the thread writes them all, then ends
            running = thread;
            thread = null;
        }
        running.join(TimeUnit.SECONDS.toMillis(waitSeconds));
    }

    private void run() {
        List<Pending<T>> batch = new ArrayList<>();
        while (true) {
            Pending<T> first;
            try {
                first = queue.take();
            } catch (InterruptedException e) {
                fail(new ArrayList<>(queue), new IllegalStateException("the " + item + " writer was interrupted"));
                return;
            }
            boolean last = first == stopMark;
            if (!last) {
                batch.add(first);
            }
            queue.drainTo(batch, maxBatch - batch.size());
            if (batch.remove(stopMark)) {
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

    private void write(List<Pending<T>> batch) {
        try {
            sink.accept(batch.stream().map(Pending::value).toList());
            batch.forEach(p -> p.done.complete(null));
        } catch (RuntimeException batchFailure) {
            if (batch.size() == 1 || DatabaseAvailability.isOutage(batchFailure)) {
                // Item by item would fail alike while the database is away (its watch logs that once).
                fail(batch, batchFailure);
                return;
            }
            LOG.warn("a batch of {} {}s was refused ({}); writing them one by one", batch.size(), item,
                    batchFailure.getMessage());
            for (Pending<T> pending : batch) {
                try {
                    sink.accept(List.of(pending.value));
                    pending.done.complete(null);
                } catch (RuntimeException e) {
                    pending.done.completeExceptionally(e);
                }
            }
        }
    }

    private void fail(List<Pending<T>> batch, RuntimeException failure) {
        batch.stream().filter(p -> p != stopMark).forEach(p -> p.done.completeExceptionally(failure));
    }

    private record Pending<T>(T value, CompletableFuture<Void> done) {
    }
}
