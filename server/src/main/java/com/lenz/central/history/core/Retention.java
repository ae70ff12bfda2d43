package com.lenz.central.history.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How long history is kept: a duration in the form of the other duration settings ({@code 30d},
 * {@code 12h}, {@code 90 days}), or {@code 0} for forever.
 */
public final class Retention {

    private static final Retention FOREVER = new Retention(null, "0");

    private final Duration duration;
    private final String text;

    private Retention(Duration duration, String text) {
        this.duration = duration;
        this.text = text;
    }

    /** From config.yml; a value that is neither {@code 0} nor a duration stops the start naming it. */
    @JsonCreator
    public static Retention parse(String text) {
        String value = text == null ? "" : text.trim();
        if (value.isEmpty() || value.equals("0")) {
            return FOREVER;
        }
        io.dropwizard.util.Duration parsed;
        try {
            parsed = io.dropwizard.util.Duration.parse(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + value + "' is not a retention: use 0 (keep forever) or a duration "
                    + "such as 30d, 12h, 90 days");
        }
        Duration d = parsed.toJavaDuration();
        return d.isZero() ? FOREVER : new Retention(d, value);
    }

    /** {@code EXECUTIONS_RETENTION=0} reaches config.yml as a YAML number. */
    @JsonCreator
    public static Retention parse(long number) {
        return parse(Long.toString(number));
    }

    public static Retention of(Duration duration) {
        return duration.isZero() ? FOREVER : new Retention(duration, duration.toString());
    }

    public boolean keepsForever() {
        return duration == null;
    }

    /** The retention, empty when kept forever. */
    public Optional<Duration> duration() {
        return Optional.ofNullable(duration);
    }

    /** What is older than this instant has expired (empty when kept forever). */
    public Optional<Instant> cutoff(Instant now) {
        return duration().map(now::minus);
    }

    @JsonValue
    @Override
    public String toString() {
        return text;
    }
}
