package com.lenz.central.http;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Timestamps as clients send them: RFC 3339 with an offset, years 0001 to 9999 (four digits, as RFC 3339 has them). */
public final class Rfc3339 {

    private static final Instant FIRST = Instant.parse("0001-01-01T00:00:00Z");
    private static final Instant AFTER_LAST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private Rfc3339() {
    }

    /** The instant {@code text} names, or empty when it is no RFC 3339 timestamp PostgreSQL can store. */
    public static Optional<Instant> parse(String text) {
        try {
            Instant at = OffsetDateTime.parse(text.trim()).toInstant();
            return at.isBefore(FIRST) || at.isAfter(AFTER_LAST) ? Optional.empty() : Optional.of(at);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
