package com.lenz.central.workflow.trigger.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;

/** The {@code scheduler:} block of config.yml. */
public class SchedulerConfig {

    /** How often due occurrences are looked for: the worst delay of a fire. */
    @NotNull @JsonProperty
    private Duration tickInterval = Duration.milliseconds(200);

    /** An occurrence found later than this after its time is skipped, not run (60 s by default). */
    @NotNull @JsonProperty
    private Duration misfireThreshold = Duration.seconds(60);

    /** Claims older than this are deleted. */
    @NotNull @JsonProperty
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
}
