package com.lenz.central.ces.core;

import com.codahale.metrics.health.HealthCheck;
import com.lenz.central.ces.CesConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * {@code ces-reporter} on the admin port of a slave: the age of the last report the master accepted.
 * Unhealthy once that age passes {@code CES_OFFLINE_AFTER} (the master then shows this node offline),
 * or when the reports fail before any was accepted.
 */
public class ReporterHealthCheck extends HealthCheck {

    private final SlaveReporter reporter;
    private final Duration offlineAfter;
    private final Clock clock;

    public ReporterHealthCheck(SlaveReporter reporter, CesConfig config, Clock clock) {
        this.reporter = reporter;
        this.offlineAfter = config.getOfflineAfter().toJavaDuration();
        this.clock = clock;
    }

    @Override
    protected Result check() {
        Instant now = clock.instant();
        String problem = reporter.problem().orElse(null);
        Instant last = reporter.lastAccepted().orElse(null);
        if (last == null) {
            ResultBuilder result = problem == null ? Result.builder().healthy() : Result.builder().unhealthy();
            return result.withMessage(problem == null ? "no report sent yet" : "no report accepted yet: " + problem)
                    .withDetail("last_report_at", null).withDetail("last_report_age_seconds", null).build();
        }
        long age = Duration.between(last, now).toSeconds();
        boolean fresh = Duration.between(last, now).compareTo(offlineAfter) < 0;
        String message = "last report accepted " + age + " s ago"
                + (fresh ? "" : " (the master shows this node offline after " + offlineAfter.toSeconds() + " s)")
                + (problem == null ? "" : "; last attempt failed: " + problem);
        return (fresh ? Result.builder().healthy() : Result.builder().unhealthy()).withMessage(message)
                .withDetail("last_report_at", last.toString()).withDetail("last_report_age_seconds", age).build();
    }
}
