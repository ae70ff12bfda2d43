package com.lenz.central.workflow.engine;

import com.lenz.central.workflow.WorkflowsConfig;
import com.lenz.central.db.DatabaseAvailability;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.lenz.central.workflow.db.ExecutionStore;

/**
 * Keeps the executions table honest when several servers share it, or one dies: stamps the heartbeat of
 * the executions this server runs, passes on cancellations asked through other servers, and closes as
 * failed the running executions whose heartbeat went stale (their server died) — once at start, then
 * every heartbeat interval.
 */
public class ExecutionMonitor implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionMonitor.class);

    private final ExecutionStore store;
    private final ExecutionService executions;
    private final Duration interval;
    private final Duration staleAfter;
    private final String serverId;
    private ScheduledExecutorService timer;

    /** @param serverId this server's identity: running executions it owns at start were left by its previous life */
    public ExecutionMonitor(ExecutionStore store, ExecutionService executions, WorkflowsConfig config, String serverId) {
        if (config.getStaleAfter().compareTo(config.getHeartbeatInterval().multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("workflows.staleAfter (" + config.getStaleAfter()
                    + ") must be at least twice workflows.heartbeatInterval (" + config.getHeartbeatInterval() + ")");
        }
        this.store = store;
        this.executions = executions;
        this.interval = config.getHeartbeatInterval();
        this.staleAfter = config.getStaleAfter();
        this.serverId = serverId;
    }

    @Override
    public void start() {
        closeOwnLeftovers();
        closeStale();
        timer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "workflow-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        timer.scheduleWithFixedDelay(this::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() throws InterruptedException {
        if (timer != null) {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    void tick() {
        try {
            Map<String, String> cancels = store.heartbeat(executions.runningIds());
            cancels.forEach(executions::cancelHere);
        } catch (RuntimeException e) {
            if (!DatabaseAvailability.isOutage(e)) {
                LOG.warn("workflow heartbeat failed: {}", e.getMessage());
            }
            // Without a fresh heartbeat of its own this server must not judge others' (a database that
            // comes back between the two statements would show everyone's heartbeat stale).
            return;
        }
        closeStale();
    }

    /** This server restarted: what it owned and still reads running died with its previous process. */
    private void closeOwnLeftovers() {
        try {
            int closed = store.failOwnedBy(serverId, executions.runningIds(), WorkflowRunner.SERVER_STOPPED);
            if (closed > 0) {
                LOG.warn("closed {} executions left running by this server's previous run ({})", closed, serverId);
            }
        } catch (RuntimeException e) {
            LOG.warn("looking for executions left by this server's previous run failed: {}", e.getMessage());
        }
    }

    private void closeStale() {
        try {
            // Never its own: an execution this server still runs is alive, whatever its heartbeat says (it
            // may be stale after a database outage).
            int closed = store.failStale(staleAfter, executions.runningIds(),
                    "the server running this execution stopped without finishing it "
                    + "(no heartbeat for " + (staleAfter.toMillis() % 1000 == 0 ? staleAfter.toSeconds() + " s)" : staleAfter.toMillis() + " ms)"));
            if (closed > 0) {
                LOG.warn("closed {} executions left running by a server that stopped", closed);
            }
        } catch (RuntimeException e) {
            if (!DatabaseAvailability.isOutage(e)) {
                LOG.warn("looking for executions left by stopped servers failed: {}", e.getMessage());
            }
        }
    }
}
