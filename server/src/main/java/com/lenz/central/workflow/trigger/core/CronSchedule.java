package com.lenz.central.workflow.trigger.core;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A schedule trigger's cron expression: six fields with seconds, Spring style ({@code "0 0 7 * * *"}),
 * or the five classic Unix fields ({@code "0 7 * * *"}), read in a time zone.
 */
public final class CronSchedule {

    private static final CronParser SPRING = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING));
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final Cron cron;
    private final ExecutionTime times;
    private final ZoneId zone;

    private CronSchedule(Cron cron, ZoneId zone) {
        this.cron = cron;
        this.times = ExecutionTime.forCron(cron);
        this.zone = zone;
    }

    /**
     * Parses {@code expression} (5 or 6 fields).
     *
     * @throws IllegalArgumentException saying what is wrong, for a user to read
     */
    public static CronSchedule parse(String expression, ZoneId zone) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("is empty");
        }
        String trimmed = expression.trim();
        int fields = trimmed.split("\\s+").length;
        CronParser parser = switch (fields) {
            case 6 -> SPRING;
            case 5 -> UNIX;
            default -> throw new IllegalArgumentException("has " + fields
                    + " fields; expected 6 (second minute hour day month weekday, as \"0 0 7 * * *\") or 5 (minute hour day month weekday)");
        };
        try {
            Cron cron = parser.parse(trimmed);
            cron.validate();
            return new CronSchedule(cron, zone);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() == null ? "is not a valid cron expression" : e.getMessage(), e);
        }
    }

    /** An IANA zone id ({@code "Asia/Jakarta"}, {@code "UTC"}); empty for anything else, offsets included. */
    public static Optional<ZoneId> zone(String id) {
        if (id == null || !ZoneId.getAvailableZoneIds().contains(id)) {
            return Optional.empty();
        }
        return Optional.of(ZoneId.of(id));
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first occurrence strictly after {@code time}, in this schedule's zone; empty when there is none. */
    public Optional<ZonedDateTime> nextAfter(ZonedDateTime time) {
        return times.nextExecution(time.withZoneSameInstant(zone));
    }

    /** The last occurrence strictly before {@code time}, in this schedule's zone. */
    public Optional<ZonedDateTime> lastBefore(ZonedDateTime time) {
        return times.lastExecution(time.withZoneSameInstant(zone));
    }

    @Override
    public String toString() {
        return cron.asString() + " (" + zone + ")";
    }
}
