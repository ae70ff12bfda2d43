package com.lenz.central.metrics;

import com.lenz.central.workflow.trigger.core.ScheduleObserver;
import com.lenz.central.workflow.trigger.core.ScheduleOutcome;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/** Schedule occurrences: how late the started ones started, and why the others were skipped. */
final class SchedulerMetrics implements ScheduleObserver {

    private final Histogram lateness;
    private final Counter skipped;

    SchedulerMetrics(PrometheusRegistry registry) {
        lateness = Histogram.builder().name("lenz_scheduler_lateness_seconds")
                .help("Time from a schedule occurrence to the start of its run")
                .classicOnly().classicUpperBounds(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60)
                .register(registry);
        skipped = Counter.builder().name("lenz_scheduler_skipped_total")
                .help("Schedule occurrences not run, by reason: missed (later than the misfire threshold), "
                        + "running (previous run still going), busy (execution pool full), inactive")
                .labelNames("reason").register(registry);
        for (ScheduleOutcome outcome : ScheduleOutcome.values()) {
            if (outcome.wire().startsWith("skipped_")) {
                skipped.labelValues(reason(outcome)); // every reason shows from the start, at 0
            }
        }
    }

    @Override
    public void started(Duration late) {
        lateness.observe(Math.max(0, late.toNanos()) / 1e9);
    }

    @Override
    public void skipped(ScheduleOutcome outcome, int count) {
        skipped.labelValues(reason(outcome)).inc(count);
    }

    private static String reason(ScheduleOutcome outcome) {
        return outcome.wire().replaceFirst("^skipped_", "");
    }
}
