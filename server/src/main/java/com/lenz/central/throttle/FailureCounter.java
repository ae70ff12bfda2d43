package com.lenz.central.throttle;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Failures in a row per key (a username, a workflow, a client address), and the lockout they earn:
 * after {@code maxFailures} the key is locked for {@code lockout}, each further failure doubling it up
 * to {@code maxLockout}. A success forgets the key.
 *
 * <p>Once a key has reached the limit, only one attempt at a time may be in flight for it: otherwise
 * many parallel guesses sent the moment a lockout ends would all pass before the first failure locks
 * it again. Keys live in a bounded Caffeine cache (in this server's memory) and are forgotten an hour
 * after their lockout could last.
 */
public final class FailureCounter {

    static final int MAX_KEYS = 100_000;

    private record State(int failures, Instant lockedUntil, boolean probing) {
    }

    private final int maxFailures;
    private final Duration lockout;
    private final Duration maxLockout;
    private final Clock clock;
    private final Cache<String, State> states;

    public FailureCounter(int maxFailures, Duration lockout, Duration maxLockout, Clock clock) {
        this.maxFailures = maxFailures;
        this.lockout = lockout;
        this.maxLockout = maxLockout;
        this.clock = clock;
        this.states = Caffeine.newBuilder().maximumSize(MAX_KEYS)
                .expireAfterWrite(maxLockout.plus(Duration.ofHours(1))).build();
    }

    /**
     * Lets an attempt for {@code key} go ahead (answering {@link Duration#ZERO}), or says how long it must
     * wait. An attempt let through must end in {@link #failed}, {@link #succeeded} or {@link #abandoned}.
     */
    public Duration tryStart(String key) {
        Duration[] wait = {Duration.ZERO};
        states.asMap().computeIfPresent(key, (k, state) -> {
            Instant now = clock.instant();
            if (state.lockedUntil() != null && state.lockedUntil().isAfter(now)) {
                wait[0] = Duration.between(now, state.lockedUntil());
                return state;
            }
            if (state.failures() >= maxFailures) {
                if (state.probing()) {
                    wait[0] = Duration.ofSeconds(1);
                    return state;
                }
                return new State(state.failures(), state.lockedUntil(), true);
            }
            return state;
        });
        return wait[0];
    }

    /** How long {@code key} is still locked, without starting an attempt. */
    public Duration lockedFor(String key) {
        State state = states.getIfPresent(key);
        Instant now = clock.instant();
        return state == null || state.lockedUntil() == null || !state.lockedUntil().isAfter(now) ? Duration.ZERO
                : Duration.between(now, state.lockedUntil());
    }

    /** Counts a failure; answers the lockout it starts, or {@link Duration#ZERO}. */
    public Duration failed(String key) {
        Duration[] locked = {Duration.ZERO};
        states.asMap().compute(key, (k, state) -> {
            int failures = (state == null ? 0 : state.failures()) + 1;
            Instant lockedUntil = state == null ? null : state.lockedUntil();
            if (failures >= maxFailures) {
                locked[0] = lockoutAfter(failures);
                lockedUntil = clock.instant().plus(locked[0]);
            }
            return new State(failures, lockedUntil, false);
        });
        return locked[0];
    }

    public void succeeded(String key) {
        states.invalidate(key);
    }

    /** The attempt ended without an answer (an error): it counts neither way. */
    public void abandoned(String key) {
        states.asMap().computeIfPresent(key, (k, state) -> new State(state.failures(), state.lockedUntil(), false));
    }

    /** lockout × 2^(failures - maxFailures), capped at maxLockout. */
    Duration lockoutAfter(int failures) {
        int doublings = Math.min(failures - maxFailures, 30);
        Duration d = lockout.multipliedBy(1L << doublings);
        return d.compareTo(maxLockout) > 0 ? maxLockout : d;
    }
}
