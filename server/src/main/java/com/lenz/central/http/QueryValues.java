package com.lenz.central.http;

import com.lenz.central.core.DomainException;
import java.time.Instant;

/** Optional query parameters of the list endpoints: absent and blank mean "no filter". */
public final class QueryValues {

    private QueryValues() {
    }

    /** The trimmed text, or null when absent or blank. */
    public static String text(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The time, or null when absent or blank; a 400 naming {@code name} when it is no RFC 3339 timestamp. */
    public static Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Rfc3339.parse(value).orElseThrow(() -> DomainException.invalid(
                name + " must be an RFC 3339 timestamp with offset (years 0001-9999), e.g. 2025-04-29T00:00:00Z"));
    }

    /** The {@code from} and {@code to} parameters of a list: each optional, a 400 when both are given and {@code from} is not before {@code to}. */
    public static TimeRange timeRange(String from, String to) {
        TimeRange range = new TimeRange(time("from", from), time("to", to));
        if (range.from() != null && range.to() != null && !range.from().isBefore(range.to())) {
            throw DomainException.invalid("from must be before to");
        }
        return range;
    }

    /** A time window of a list; either end may be null (open). */
    public record TimeRange(Instant from, Instant to) {
    }
}
