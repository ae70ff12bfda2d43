package com.lenz.central.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lenz.central.history.core.Retention;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The {@code history} section of config.yml: how long executions, events and export files are kept. */
public class HistoryConfig {

    /** Executions (with their node results) that started longer ago than this, and have ended, are removed. */
    @NotNull @JsonProperty
    private Retention executionsRetention = Retention.parse("30d");

    /** Events ({@code event_history}) whose {@code event_time} is older than this are removed. */
    @NotNull @JsonProperty
    private Retention eventsRetention = Retention.parse("90d");

    /** Files under EXPORT_DIR last modified longer ago than this are removed. */
    @NotNull @JsonProperty
    private Retention exportsRetention = Retention.parse("30d");

    /** Pause between two pruning passes. */
    @NotNull @JsonProperty
    private Duration pruneInterval = Duration.minutes(1);

    /** Rows deleted per statement (each statement its own short transaction). */
    @Min(1) @Max(100_000) @JsonProperty
    private int pruneBatchSize = 1000;

    public Retention getExecutionsRetention() {
        return executionsRetention;
    }

    public Retention getEventsRetention() {
        return eventsRetention;
    }

    public Retention getExportsRetention() {
        return exportsRetention;
    }

    public Duration getPruneInterval() {
        return pruneInterval;
    }

    public int getPruneBatchSize() {
        return pruneBatchSize;
    }
}
