package com.lenz.central.workflow.trigger.core;

import com.lenz.central.core.DomainException;
import com.lenz.central.db.DatabaseAvailability;
import com.lenz.central.events.EventListener;
import com.lenz.central.core.DomainException;
import com.lenz.central.workflow.engine.ExecutionService;
import com.lenz.central.workflow.core.TriggerNode;
import com.lenz.central.workflow.core.Workflow;
import com.lenz.central.workflow.db.WorkflowStore;
import com.lenz.central.workflow.trigger.db.EventTriggerStore;
import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the workflow runs that ingested events queued. Woken at once by local ingests and polling for
 * rows queued through other servers; when the execution pool is full the rest of the batch is given
 * back and tried again shortly, so a burst delays triggers but never drops them. A run whose workflow already
 * runs its {@code max_concurrent} executions is not started: it is recorded as {@code skipped_busy} in
 * {@code event_trigger_skips}.
 */
public class EventTriggerDispatcher implements Managed, EventListener {

    private static final Logger LOG = LoggerFactory.getLogger(EventTriggerDispatcher.class);
    private static final int BATCH = 200;
    private static final long POLL_MS = 500;
    private static final long BUSY_BACKOFF_MS = 100;

    private final EventTriggerStore queue;
    private final WorkflowStore workflows;
    private final ExecutionService executions;
    private final String serverId;
    private final Semaphore wake = new Semaphore(0);
    private static final long PURGE_EVERY_NANOS = TimeUnit.MINUTES.toNanos(10);
    private long lastPurge = System.nanoTime() - PURGE_EVERY_NANOS;
    private volatile boolean running;
    private Thread thread;

    public EventTriggerDispatcher(EventTriggerStore queue, WorkflowStore workflows, ExecutionService executions,
            String serverId) {
        this.queue = queue;
        this.workflows = workflows;
        this.executions = executions;
        this.serverId = serverId;
    }

    @Override
    public void onTriggersQueued(int count) {
        wake.release();
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, "event-trigger-dispatcher");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        wake.release();
        thread.join(5000);
    }

    private void loop() {
        while (running) {
            try {
                wake.tryAcquire(POLL_MS, TimeUnit.MILLISECONDS);
                wake.drainPermits();
                purgeSkips();
                // Draining for a shutdown: leave the queue to the next server (or this one, restarted).
                while (running && !executions.isStopping() && dispatchBatch()) {
                    // a full batch: there may be more
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!DatabaseAvailability.isOutage(e)) {
                    LOG.warn("event trigger dispatch failed; trying again: {}", e.getMessage());
                }
            }
        }
    }

    /** Skipped runs are kept {@link EventTriggerStore#SKIPS_KEPT}, as schedule claims are; checked every 10 minutes. */
    private void purgeSkips() {
        long now = System.nanoTime();
        if (now - lastPurge >= PURGE_EVERY_NANOS) {
            lastPurge = now;
            queue.purgeSkips();
        }
    }

    /** @return true when a full batch was handled and more may be waiting */
    boolean dispatchBatch() throws InterruptedException {
        List<EventTriggerStore.Queued> batch = queue.claim(serverId, BATCH);
        if (batch.isEmpty()) {
            return false;
        }
        Map<String, Optional<Workflow>> byId = new HashMap<>();
        List<Long> done = new ArrayList<>();
        List<EventTriggerStore.Queued> skipped = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            EventTriggerStore.Queued item = batch.get(i);
            Optional<Workflow> workflow = byId.computeIfAbsent(item.workflowId(), workflows::find)
                    .filter(w -> w.isActive() && TriggerType.EVENT.is(w.triggerNode().type()));
            if (workflow.isEmpty()) {
                done.add(item.id()); // deleted or changed since: nothing to run
                continue;
            }
            try {
                executions.start(workflow.get(), TriggerType.EVENT.wire(), "event", Map.of("event", item.event()));
                done.add(item.id());
            } catch (DomainException e) {
                if (e.kind() == DomainException.Kind.THROTTLED) {
                    // The workflow runs its max_concurrent already: this run is skipped, and recorded so.
                    skipped.add(item);
                    done.add(item.id());
                    continue;
                }
                if (e.kind() != DomainException.Kind.UNAVAILABLE) {
                    done.add(item.id());
                    continue;
                }
                // The pool is full: hand the rest back and wait a little.
                queue.skippedBusy(skipped, serverId);
                queue.done(done);
                queue.release(batch.subList(i, batch.size()).stream().map(EventTriggerStore.Queued::id).toList());
                Thread.sleep(BUSY_BACKOFF_MS);
                return true;
            }
        }
        queue.skippedBusy(skipped, serverId);
        queue.done(done);
        return batch.size() == BATCH;
    }
}
