package com.lenz.central.workflow.trigger.core;

import com.lenz.central.db.DatabaseAvailability;
import com.codahale.metrics.Counter;
import com.codahale.metrics.MetricRegistry;
import com.lenz.central.core.DomainException;
import com.lenz.central.workflow.engine.ExecutionService;
import com.lenz.central.workflow.core.TriggerNode;
import com.lenz.central.workflow.core.Workflow;
import com.lenz.central.workflow.db.WorkflowStore;
import com.lenz.central.workflow.trigger.db.ScheduleClaimStore;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires schedule triggers. Every tick it reads the active schedule workflows from the database (so a
 * change made through any server takes effect at the next tick), works out which occurrences are due
 * in each workflow's time zone, claims them in the database and starts the ones it won.
 *
 * <p>Misfires: an occurrence found more than the misfire threshold (60 s) late is skipped and recorded
 * as such; when this server starts, the last occurrence before now is run late if it is within the
 * threshold and no server ran it. An occurrence whose workflow is still running is skipped.
 */
public class ScheduleRunner implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ScheduleRunner.class);
    static final String SCHEDULER = "scheduler";
    private static final int MAX_MISSED_RECORDED_PER_TICK = 100;
    /**
     * The most executions started in one statement. A second's burst up to this size is admitted with one start
     * time and one insert: in batches of 500 the second batch of a 1,000-workflow burst waited for the first's
     * insert and for the CPU its 500 runs took meanwhile (p99 start 471 ms, one batch 172 ms).
     */
    static final int START_BATCH = 2000;
    /** The most a tick waits past an occurrence's second, so that servers take turns claiming. */
    static final int WAKE_SPREAD_MILLIS = 20;

    private final WorkflowStore workflows;
    private final ScheduleClaimStore claims;
    private final ExecutionService executions;
    private final SchedulerConfig config;
    private final ZoneId defaultZone;
    private final String serverId;
    private final Clock clock;
    private final Counter fires;
    private final Counter lateFires;
    private final Counter skippedFires;
    private final Map<String, Plan> plans = new HashMap<>();
    private volatile Instant lastTick;
    private volatile ScheduleObserver observer = ScheduleObserver.NONE;
    private boolean firstTick = true;
    private ScheduledExecutorService ticker;
    private Instant lastPurge = Instant.EPOCH;

    /** When a workflow fires next, and the version of the workflow that was computed from. */
    private static final class Plan {
        final String version;
        final Workflow workflow;
        final CronSchedule schedule;
        Instant next;

        Plan(String version, Workflow workflow, CronSchedule schedule, Instant next) {
            this.version = version;
            this.workflow = workflow;
            this.schedule = schedule;
            this.next = next;
        }
    }

    public ScheduleRunner(WorkflowStore workflows, ScheduleClaimStore claims, ExecutionService executions,
            SchedulerConfig config, ZoneId defaultZone, String serverId, MetricRegistry metrics, Clock clock) {
        this.workflows = workflows;
        this.claims = claims;
        this.executions = executions;
        this.config = config;
        this.defaultZone = defaultZone;
        this.serverId = serverId;
        this.clock = clock;
        this.fires = metrics.counter("scheduler.fires");
        this.lateFires = metrics.counter("scheduler.late-fires");
        this.skippedFires = metrics.counter("scheduler.skipped-fires");
        metrics.gauge("scheduler.last-tick-age-ms", () -> () -> lastTick == null ? -1L
                : Duration.between(lastTick, clock.instant()).toMillis());
    }

    @Override
    public void start() {
        ticker = Executors.newSingleThreadScheduledExecutor(daemon("scheduler-tick"));
        ticker.schedule(this::tickAndReschedule, 0, TimeUnit.MILLISECONDS);
    }

    private void tickAndReschedule() {
        safeTick();
        try {
            ticker.schedule(this::tickAndReschedule, nextDelayMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            // stop() shut the ticker down
        }
    }

    /**
     * The tick interval, or less when an occurrence falls due before it: the tick then wakes just after that
     * second begins, rather than up to a whole interval after it. "Just after" is 1 to {@value #WAKE_SPREAD_MILLIS}
     * ms, drawn anew each time: servers sharing the database wake in a different order each second, so they take
     * turns claiming bursts (and starting them) instead of the fastest one claiming every second.
     */
    long nextDelayMillis() {
        long delay = Math.max(10, config.getTickInterval().toMillis());
        Instant now = clock.instant();
        for (Plan plan : plans.values()) {
            if (plan.next != null && plan.next.isAfter(now)) {
                delay = Math.min(delay, Duration.between(now, plan.next).toMillis() + 1
                        + ThreadLocalRandom.current().nextInt(WAKE_SPREAD_MILLIS));
            }
        }
        return delay;
    }

    @Override
    public void stop() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
    }

    /** Told of every occurrence started or skipped (metrics); set once at start. */
    public void observe(ScheduleObserver observer) {
        this.observer = observer;
    }

    public Instant lastTick() {
        return lastTick;
    }

    private void safeTick() {
        if (executions.isStopping()) {
            // Draining for a shutdown: claim nothing, so that another server (or this one, restarted) runs it.
            return;
        }
        try {
            tick();
        } catch (RuntimeException e) {
            // A database outage is logged once by the pool's watch, not once per tick.
            if (!DatabaseAvailability.isOutage(e)) {
                LOG.error("scheduler tick failed; trying again", e);
            }
        }
    }

    /**
     * One pass: refresh plans, claim what is due, start what was won. The occurrence each plan has due is claimed
     * before any plan moves on: cron-utils' next-time search costs tens of microseconds a plan, and done first for
     * a burst of 1,000 workflows due the same second it delayed the burst's claim by as much. Occurrences a plan
     * still has due after moving on (it fell behind by more than a second: a pause, downtime) go in a second round.
     */
    void tick() {
        Instant now = clock.instant();
        refreshPlans(now);
        List<Plan> moving = new ArrayList<>();
        List<ScheduleClaimStore.Occurrence> due = new ArrayList<>();
        List<ScheduleClaimStore.Occurrence> missed = new ArrayList<>();
        for (Map.Entry<String, Plan> entry : plans.entrySet()) {
            Plan plan = entry.getValue();
            if (plan.next != null && !plan.next.isAfter(now)) {
                sort(new ScheduleClaimStore.Occurrence(entry.getKey(), plan.next), now, due, missed);
                moving.add(plan);
            }
        }
        skipMissed(missed);
        fire(due, now);
        due.clear();
        missed.clear();
        for (Plan plan : moving) {
            plan.next = nextAfter(plan.schedule, plan.next);
            while (plan.next != null && !plan.next.isAfter(now)) {
                sort(new ScheduleClaimStore.Occurrence(plan.workflow.id(), plan.next), now, due, missed);
                plan.next = nextAfter(plan.schedule, plan.next);
            }
        }
        skipMissed(missed);
        fire(due, now);
        lastTick = now;
        if (Duration.between(lastPurge, now).toMinutes() >= 10) {
            lastPurge = now;
            claims.purgeOlderThan(config.getClaimRetention());
        }
    }

    /** Due, or missed when found later than the misfire threshold. */
    private void sort(ScheduleClaimStore.Occurrence occurrence, Instant now, List<ScheduleClaimStore.Occurrence> due,
            List<ScheduleClaimStore.Occurrence> missed) {
        if (Duration.between(occurrence.scheduledFor(), now).compareTo(config.getMisfireThreshold()) > 0) {
            missed.add(occurrence);
        } else {
            due.add(occurrence);
        }
    }

    private void skipMissed(List<ScheduleClaimStore.Occurrence> missed) {
        if (missed.isEmpty()) {
            return;
        }
        skippedFires.inc(missed.size());
        observer.skipped(ScheduleOutcome.SKIPPED_MISSED, missed.size());
        LOG.warn("{} schedule occurrences were more than {} s late and are skipped", missed.size(),
                config.getMisfireThreshold().toSeconds());
        claims.claim(missed.subList(0, Math.min(missed.size(), MAX_MISSED_RECORDED_PER_TICK)), serverId,
                ScheduleOutcome.SKIPPED_MISSED);
    }

    private void refreshPlans(Instant now) {
        Map<String, String> active = claims.activeScheduleVersions();
        plans.keySet().retainAll(active.keySet());
        for (Map.Entry<String, String> entry : active.entrySet()) {
            Plan plan = plans.get(entry.getKey());
            if (plan != null && plan.version.equals(entry.getValue())) {
                continue;
            }
            Workflow workflow = workflows.find(entry.getKey()).orElse(null);
            if (workflow == null || !workflow.isActive() || !TriggerType.SCHEDULE.is(workflow.triggerNode().type())) {
                continue;
            }
            CronSchedule schedule;
            try {
                schedule = CronSchedule.parse(String.valueOf(workflow.triggerNode().config().get("cron")), zoneOf(workflow));
            } catch (IllegalArgumentException e) {
                LOG.warn("workflow {} has an unusable schedule: {}", workflow.id(), e.getMessage());
                continue;
            }
            Instant next = nextAfter(schedule, now);
            if (firstTick) {
                // Started after downtime: the last occurrence runs late if it is recent enough and nobody ran it.
                // The last occurrence at or before now: the whole second now falls in counts too.
                Instant last = schedule.lastBefore(ZonedDateTime.ofInstant(now.truncatedTo(ChronoUnit.SECONDS).plusSeconds(1), schedule.zone()))
                        .map(t -> t.toInstant().truncatedTo(ChronoUnit.SECONDS)).orElse(null);
                if (last != null && Duration.between(last, now).compareTo(config.getMisfireThreshold()) <= 0) {
                    next = last;
                }
            }
            plans.put(workflow.id(), new Plan(entry.getValue(), workflow, schedule, next));
        }
        firstTick = false;
    }

    private void fire(List<ScheduleClaimStore.Occurrence> due, Instant now) {
        if (due.isEmpty()) {
            return;
        }
        Set<ScheduleClaimStore.Occurrence> won = claims.claim(due, serverId, ScheduleOutcome.CLAIMED);
        if (won.isEmpty()) {
            return;
        }
        Set<String> busy = claims.withRunningExecution(won.stream().map(ScheduleClaimStore.Occurrence::workflowId)
                .collect(Collectors.toSet()));
        List<ScheduleClaimStore.Outcome> outcomes = new ArrayList<>();
        List<ScheduleClaimStore.Occurrence> toStart = new ArrayList<>();
        for (ScheduleClaimStore.Occurrence occurrence : won) {
            Workflow workflow = plans.get(occurrence.workflowId()).workflow;
            // With max_concurrent the limit decides (a full workflow is skipped_busy); without, one run at a time.
            if (busy.contains(occurrence.workflowId()) && workflow.maxConcurrent() == null) {
                skippedFires.inc();
                observer.skipped(ScheduleOutcome.SKIPPED_RUNNING, 1);
                outcomes.add(new ScheduleClaimStore.Outcome(occurrence, ScheduleOutcome.SKIPPED_RUNNING, null));
                continue;
            }
            if (Duration.between(occurrence.scheduledFor(), now).toMillis() > 1000) {
                lateFires.inc();
            }
            toStart.add(occurrence);
        }
        // The executions of one second start together, their rows written in one statement (batches of
        // START_BATCH): one insert (and commit) each made the last of 1,000 start 1.7 s late.
        try {
            for (int from = 0; from < toStart.size(); from += START_BATCH) {
                List<ScheduleClaimStore.Occurrence> batch = toStart.subList(from, Math.min(toStart.size(), from + START_BATCH));
                List<ExecutionService.StartRequest> requests = new ArrayList<>(batch.size());
                for (ScheduleClaimStore.Occurrence occurrence : batch) {
                    requests.add(new ExecutionService.StartRequest(plans.get(occurrence.workflowId()).workflow,
                            Map.of("scheduled_for", occurrence.scheduledFor().toString())));
                }
                List<ExecutionService.StartResult> results = executions.startAll(requests, TriggerType.SCHEDULE.wire(), SCHEDULER);
                for (int i = 0; i < batch.size(); i++) {
                    outcomes.add(outcome(batch.get(i), results.get(i)));
                }
            }
        } catch (RuntimeException e) {
            if (!DatabaseAvailability.isOutage(e)) {
                LOG.error("starting scheduled runs failed", e);
            }
        }
        claims.record(outcomes);
    }

    private ScheduleClaimStore.Outcome outcome(ScheduleClaimStore.Occurrence occurrence, ExecutionService.StartResult result) {
        if (result.started() != null) {
            fires.inc();
            observer.started(Duration.between(occurrence.scheduledFor(), clock.instant()));
            return new ScheduleClaimStore.Outcome(occurrence, ScheduleOutcome.STARTED, result.started().execution().id());
        }
        DomainException e = result.refused();
        skippedFires.inc();
        if (e.kind() == DomainException.Kind.THROTTLED) {
            // At its max_concurrent: expected as skipped_running is, and as quiet (it may happen every second).
            LOG.debug("scheduled run of workflow {} at {} skipped: {}", occurrence.workflowId(), occurrence.scheduledFor(), e.error());
        } else {
            LOG.warn("scheduled run of workflow {} at {} not started: {}", occurrence.workflowId(), occurrence.scheduledFor(), e.error());
        }
        ScheduleOutcome skipped = e.kind() == DomainException.Kind.NOT_FOUND
                ? ScheduleOutcome.SKIPPED_INACTIVE : ScheduleOutcome.SKIPPED_BUSY;
        observer.skipped(skipped, 1);
        return new ScheduleClaimStore.Outcome(occurrence, skipped, null);
    }

    private ZoneId zoneOf(Workflow workflow) {
        Object zone = workflow.triggerNode().config().get("timezone");
        return zone == null || zone.toString().isBlank() ? defaultZone
                : CronSchedule.zone(zone.toString()).orElse(defaultZone);
    }

    /**
     * Occurrences are whole seconds: every server must name an occurrence alike for the claim to work,
     * and cron-utils would otherwise carry the fraction of the time it started from.
     */
    private static Instant nextAfter(CronSchedule schedule, Instant after) {
        return schedule.nextAfter(ZonedDateTime.ofInstant(after.truncatedTo(ChronoUnit.SECONDS), schedule.zone()))
                .map(t -> t.toInstant().truncatedTo(ChronoUnit.SECONDS)).orElse(null);
    }

    private static java.util.concurrent.ThreadFactory daemon(String prefix) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
