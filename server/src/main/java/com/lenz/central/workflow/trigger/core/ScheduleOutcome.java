package com.lenz.central.workflow.trigger.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What became of a schedule occurrence, as {@code schedule_claims.outcome} stores it: the lower-case
 * name ({@link #wire()}).
 */
public enum ScheduleOutcome {
    /** Claimed by a server that is starting it. */
    CLAIMED,
    /** Started: the claim names the execution. */
    STARTED,
    /** Found later than the misfire threshold: not run. */
    SKIPPED_MISSED,
    /** The workflow was still running from an earlier occurrence. */
    SKIPPED_RUNNING,
    /** This server could not start a run (pool full, stopping). */
    SKIPPED_BUSY,
    /** The workflow was deleted or deactivated before it started. */
    SKIPPED_INACTIVE;

    /** The name in SQL and JSON. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
