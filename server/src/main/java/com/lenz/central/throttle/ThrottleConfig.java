package com.lenz.central.throttle;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import java.util.concurrent.TimeUnit;
import com.lenz.central.config.CheckedConfig;
import com.lenz.central.config.ConfigProblems;
import com.lenz.central.config.SelfChecking;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/**
 * The {@code throttle} section of config.yml: how failed logins and webhook tokens are slowed down, and
 * the pool that runs password hashing.
 */
@CheckedConfig
public class ThrottleConfig implements SelfChecking {

    /** Failures in a row for one username (or webhook workflow) before it is locked. */
    @Min(1) @Max(1000) @JsonProperty
    private int maxFailures = 5;

    /** Failures in a row from one client address (an IPv6 client: its /64) before it is locked. */
    @Min(1) @Max(100_000) @JsonProperty
    private int maxFailuresPerAddress = 20;

    /** The first lockout; each further failure doubles it, up to {@link #maxLockout}. */
    @NotNull @MinDuration(value = 1, unit = TimeUnit.SECONDS) @MaxDuration(value = 1, unit = TimeUnit.DAYS) @JsonProperty
    private Duration lockout = Duration.seconds(30);

    @NotNull @MaxDuration(value = 7, unit = TimeUnit.DAYS) @JsonProperty
    private Duration maxLockout = Duration.minutes(15);

    /** Threads verifying passwords (bcrypt); 0: half the processors, at least 1. */
    @Min(0) @Max(64) @JsonProperty
    private int passwordHashThreads = 0;

    /** Logins waiting for a hashing thread; past that a login is answered 503 at once. */
    @Min(0) @Max(10_000) @JsonProperty
    private int passwordHashQueue = 64;

    public int getMaxFailures() {
        return maxFailures;
    }

    public int getMaxFailuresPerAddress() {
        return maxFailuresPerAddress;
    }

    public java.time.Duration getLockout() {
        return lockout.toJavaDuration();
    }

    public java.time.Duration getMaxLockout() {
        return maxLockout.toJavaDuration();
    }

    public int getPasswordHashThreads() {
        return passwordHashThreads > 0 ? passwordHashThreads
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    public int getPasswordHashQueue() {
        return passwordHashQueue;
    }

    @Override
    public void check(ConfigProblems problems) {
        if (lockout != null && maxLockout != null && maxLockout.toMilliseconds() < lockout.toMilliseconds()) {
            problems.add("maxLockout", "'" + maxLockout + "' must be at least @throttle.lockout (" + lockout + ")");
        }
    }
}
