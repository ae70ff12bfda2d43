package com.lenz.central.plugins.export;

import com.lenz.central.plugin.api.NodeConfigException;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * The calendar days an export covers, in the export's time zone: {@code today}, {@code yesterday},
 * {@code last_7_days} and {@code last_30_days} (the complete days before today), or
 * {@code {"from": "2025-04-01", "to": "2025-04-30"}} (both days included).
 */
record DateRange(LocalDate first, LocalDate last, ZoneId zone) {

    static final int MAX_DAYS = 366;

    static DateRange resolve(Object config, ZoneId zone, Clock clock) throws NodeConfigException {
        LocalDate today = LocalDate.now(clock.withZone(zone));
        if (config instanceof String word) {
            return switch (word) {
                case "today" -> new DateRange(today, today, zone);
                case "yesterday" -> new DateRange(today.minusDays(1), today.minusDays(1), zone);
                case "last_7_days" -> new DateRange(today.minusDays(7), today.minusDays(1), zone);
                case "last_30_days" -> new DateRange(today.minusDays(30), today.minusDays(1), zone);
                default -> throw new NodeConfigException("date_range",
                        "must be today, yesterday, last_7_days, last_30_days or {\"from\", \"to\"}, not '" + word + "'");
            };
        }
        if (config instanceof Map<?, ?> map) {
            LocalDate from = day(map.get("from"), "date_range.from");
            LocalDate to = day(map.get("to"), "date_range.to");
            if (to.isBefore(from)) {
                throw new NodeConfigException("date_range.to", "must not be before date_range.from");
            }
            if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
                throw new NodeConfigException("date_range", "covers more than " + MAX_DAYS + " days");
            }
            return new DateRange(from, to, zone);
        }
        throw new NodeConfigException("date_range", "is required");
    }

    static ZoneId zone(Object value, String fallback) throws NodeConfigException {
        String name = value == null || value.toString().isBlank() ? fallback : value.toString();
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new NodeConfigException("timezone", "'" + name + "' is not an IANA time zone such as Asia/Jakarta");
        }
    }

    private static LocalDate day(Object value, String field) throws NodeConfigException {
        if (value == null) {
            throw new NodeConfigException(field, "is required (YYYY-MM-DD)");
        }
        try {
            return LocalDate.parse(value.toString());
        } catch (DateTimeParseException e) {
            throw new NodeConfigException(field, "must be a date as YYYY-MM-DD");
        }
    }

    /** Start of the first day, inclusive. */
    Instant from() {
        return first.atStartOfDay(zone).toInstant();
    }

    /** Start of the day after the last, exclusive. */
    Instant to() {
        return last.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** {@code 2025-04-29}, or {@code 2025-04-01_2025-04-30} for several days: the file's name and the output's date. */
    String label() {
        return first.equals(last) ? first.toString() : first + "_" + last;
    }
}
