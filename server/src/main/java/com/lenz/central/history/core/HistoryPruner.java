package com.lenz.central.history.core;

import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.lenz.central.history.HistoryConfig;
import com.lenz.central.history.db.HistoryPruneStore;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retention in the background: every {@code pruneInterval} one pass removes expired executions and events
 * (on one server at a time: the pass holds a database advisory lock) and expired export files (on every
 * server, as EXPORT_DIR may be a disk of its own). A pass deletes in batches until nothing expired is left,
 * pausing after each batch as long as the batch took, so that it never takes more than half of one
 * connection's time from live traffic.
 */
public class HistoryPruner implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryPruner.class);

    private final HistoryConfig config;
    private final HistoryPruneStore store;
    private final ExportSweeper exports;
    private final Clock clock;
    private final Meter prunedExecutions;
    private final Meter prunedEvents;
    private final Meter prunedExports;
    private final com.codahale.metrics.Counter passes;
    private final com.codahale.metrics.Counter lockBusy;
    private ScheduledExecutorService thread;
    private volatile boolean stopping;
    private volatile Instant lastPassEnded;
    private volatile String lastFailure;

    public HistoryPruner(HistoryConfig config, HistoryPruneStore store, ExportSweeper exports, Clock clock,
                         MetricRegistry metrics) {
        this.config = config;
        this.store = store;
        this.exports = exports;
        this.clock = clock;
        this.prunedExecutions = metrics.meter("history.pruned.executions");
        this.prunedEvents = metrics.meter("history.pruned.events");
        this.prunedExports = metrics.meter("history.pruned.exports");
        this.passes = metrics.counter("history.prune.passes");
        this.lockBusy = metrics.counter("history.prune.lock_busy");
    }

    @Override
    public void start() {
        stopping = false;
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "history-pruner");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(1, config.getPruneInterval().toMilliseconds());
        // The first pass soon after start, not a whole interval later (a restart must not delay pruning).
        thread.scheduleWithFixedDelay(this::pass, Math.min(interval, 5_000), interval, TimeUnit.MILLISECONDS);
    }

    /** Stops at once: between batches, or by interrupting the pause; a batch in flight is one short statement. */
    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        if (thread != null) {
            thread.shutdownNow();
            if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                LOG.warn("history pruning did not stop within 10 s");
            }
        }
    }

    /** One pass; public so that tests and tools can run one without waiting for the schedule. */
    public void pass() {
        if (stopping) {
            return;
        }
        try {
            Instant now = clock.instant();
            Optional<Instant> filesCutoff = config.getExportsRetention().cutoff(now);
            if (filesCutoff.isPresent()) {
                prunedExports.mark(exports.sweep(filesCutoff.get(), () -> stopping));
            }
            Optional<Instant> executionsCutoff = config.getExecutionsRetention().cutoff(now);
            Optional<Instant> eventsCutoff = config.getEventsRetention().cutoff(now);
            if (executionsCutoff.isPresent() || eventsCutoff.isPresent()) {
                boolean ran = store.withPruneLock(batches -> {
                    if (executionsCutoff.isPresent()) {
                        drain(prunedExecutions, from -> batches.executions(from, executionsCutoff.get(),
                                config.getPruneBatchSize()));
                    }
                    if (eventsCutoff.isPresent()) {
                        drain(prunedEvents, from -> batches.events(from, eventsCutoff.get(), config.getPruneBatchSize()));
                    }
                });
                if (!ran) {
                    lockBusy.inc(); // another server is pruning this database
                }
            }
            passes.inc();
            if (lastFailure != null && !stopping) {
                LOG.info("history pruning works again");
            }
            lastFailure = null;
            lastPassEnded = clock.instant();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // stopping
        } catch (Exception e) {
            if (stopping) {
                return; // the pool closing under a pass is no failure
            }
            String reason = e.getClass().getSimpleName() + ": " + e.getMessage();
            if (!reason.equals(lastFailure)) {
                LOG.warn("history pruning failed (retried every {}): {}", config.getPruneInterval(), reason);
            }
            lastFailure = reason;
        }
    }

    /**
     * Deletes batch after batch until one comes back short, each starting where the last ended, pausing after
     * each as long as it took.
     */
    private void drain(Meter meter, Function<Instant, HistoryPruneStore.Batch> batch) throws InterruptedException {
        Instant from = null;
        while (!stopping) {
            long started = System.nanoTime();
            HistoryPruneStore.Batch done = batch.apply(from);
            meter.mark(done.removed());
            if (done.removed() < config.getPruneBatchSize()) {
                return;
            }
            from = done.newest();
            TimeUnit.NANOSECONDS.sleep(System.nanoTime() - started);
        }
    }

    /** The reason the last pass failed on this server, if it did. */
    public Optional<String> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    public Optional<Instant> lastPassEnded() {
        return Optional.ofNullable(lastPassEnded);
    }

    public HistoryConfig config() {
        return config;
    }

    /** How far past its retention the oldest row may be before pruning counts as behind. */
    public Duration margin() {
        Duration interval = config.getPruneInterval().toJavaDuration();
        Duration three = interval.multipliedBy(3);
        return three.compareTo(Duration.ofHours(1)) > 0 ? three : Duration.ofHours(1);
    }
}
