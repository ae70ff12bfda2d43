package com.lenz.central.workflow.trigger.core;

import java.time.Duration;

/** Told what became of schedule occurrences, for metrics; calls must return at once. */
public interface ScheduleObserver {

    ScheduleObserver NONE = new ScheduleObserver() {
    };

    /** An occurrence started {@code lateness} after the time it was due. */
    default void started(Duration lateness) {
    }

    /** {@code count} occurrences were not run, for {@code reason} (a {@code skipped_*} outcome). */
    default void skipped(ScheduleOutcome reason, int count) {
    }
}
