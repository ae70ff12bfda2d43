package com.lenz.central.workflow.trigger.core;

import com.codahale.metrics.health.HealthCheck;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/** Unhealthy when the scheduler has not ticked for a while (its thread is stuck or the database is down). */
public class SchedulerHealthCheck extends HealthCheck {

    private static final Duration STALE = Duration.ofSeconds(30);
    private final ScheduleRunner scheduler;
    private final Clock clock;

    public SchedulerHealthCheck(ScheduleRunner scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        Instant last = scheduler.lastTick();
        if (last == null) {
            return Result.unhealthy("the scheduler has not ticked yet");
        }
        Duration age = Duration.between(last, clock.instant());
        if (age.compareTo(STALE) > 0) {
            return Result.unhealthy("last tick " + age.toSeconds() + " s ago");
        }
        return Result.healthy("last tick " + age.toMillis() + " ms ago");
    }
}
