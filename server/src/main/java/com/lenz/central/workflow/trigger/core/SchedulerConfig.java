package com.lenz.central.workflow.trigger.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import java.util.concurrent.TimeUnit;
import com.lenz.central.config.CheckedConfig;
import com.lenz.central.config.ConfigProblems;
import com.lenz.central.config.SelfChecking;
import jakarta.validation.constraints.NotNull;

/** The {@code scheduler:} block of config.yml. */
@CheckedConfig
public class SchedulerConfig implements SelfChecking {

    /** How often due occurrences are looked for: the worst delay of a fire. */
    @NotNull @MinDuration(value = 10, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 1, unit = TimeUnit.MINUTES) @JsonProperty
    private Duration tickInterval = Duration.milliseconds(200);

    /** An occurrence found later than this after its time is skipped, not run (60 s by default). */
    @NotNull @MaxDuration(value = 1, unit = TimeUnit.DAYS) @JsonProperty
    private Duration misfireThreshold = Duration.seconds(60);

    /** Claims older than this are deleted. */
    @NotNull @MinDuration(value = 1, unit = TimeUnit.MINUTES) @JsonProperty
    private Duration claimRetention = Duration.days(7);

    public java.time.Duration getTickInterval() {
        return tickInterval.toJavaDuration();
    }

    public java.time.Duration getMisfireThreshold() {
        return misfireThreshold.toJavaDuration();
    }

    public java.time.Duration getClaimRetention() {
        return claimRetention.toJavaDuration();
    }

    /** An occurrence is only found at a tick: a threshold below one tick would skip occurrences that were on time. */
    @Override
    public void check(ConfigProblems problems) {
        if (misfireThreshold != null && tickInterval != null
                && misfireThreshold.toMilliseconds() < tickInterval.toMilliseconds()) {
            problems.add("misfireThreshold", "'" + misfireThreshold + "' must be at least @scheduler.tickInterval ("
                    + tickInterval + ")");
        }
    }
}
