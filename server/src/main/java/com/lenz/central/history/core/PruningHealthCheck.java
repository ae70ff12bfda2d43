package com.lenz.central.history.core;

import com.codahale.metrics.health.HealthCheck;
import com.lenz.central.history.db.HistoryPruneStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code history-pruning}: unhealthy when this server's last pass failed, or when the oldest execution or
 * event is older than its retention plus a margin (whichever server prunes, it is not keeping up).
 */
public class PruningHealthCheck extends HealthCheck {

    private final HistoryPruner pruner;
    private final HistoryPruneStore store;
    private final Clock clock;

    public PruningHealthCheck(HistoryPruner pruner, HistoryPruneStore store, Clock clock) {
        this.pruner = pruner;
        this.store = store;
        this.clock = clock;
    }

    @Override
    protected Result check() {
        Optional<String> failure = pruner.lastFailure();
        if (failure.isPresent()) {
            return Result.unhealthy("the last pruning pass failed: " + failure.get());
        }
        Instant now = clock.instant();
        List<String> behind = new ArrayList<>();
        behind(behind, "execution", pruner.config().getExecutionsRetention(), store::oldestEndedExecution, now);
        behind(behind, "event", pruner.config().getEventsRetention(), store::oldestEvent, now);
        if (!behind.isEmpty()) {
            return Result.unhealthy("pruning is behind: " + String.join("; ", behind));
        }
        return Result.healthy(pruner.lastPassEnded().map(t -> "last pass ended " + t).orElse("no pass yet"));
    }

    private void behind(List<String> behind, String what, Retention retention,
                        java.util.function.Supplier<Optional<Instant>> oldest, Instant now) {
        if (retention.keepsForever()) {
            return;
        }
        Duration limit = retention.duration().orElseThrow().plus(pruner.margin());
        oldest.get().filter(t -> t.isBefore(now.minus(limit))).ifPresent(t -> behind.add(
                "the oldest " + what + " is from " + t + ", older than its retention " + retention + " plus "
                        + pruner.margin().toMinutes() + " min"));
    }
}
