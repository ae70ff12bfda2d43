package com.lenz.central.plugin.api;

import java.io.OutputStream;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Consumer;

/**
 * Read access to the events ingested by the server, streamed in time order so that memory stays flat
 * however many rows match.
 */
public interface EventHistory {

    /**
     * Calls {@code sink} once per event of {@code analyticType} with {@code from <= event_time < to},
     * oldest first, reading from the database with a cursor.
     *
     * @return how many events were passed to {@code sink}
     */
    long forEach(String analyticType, Instant from, Instant to, Consumer<HistoryEvent> sink) throws Exception;

    /**
     * Writes the same events, oldest first, as CSV (UTF-8, comma, fields quoted only when they must be,
     * one header row, lines ending in CRLF as RFC 4180 has them) produced by the database itself, which is several times
     * faster than formatting them one by one. The columns are {@code event_id}, {@code event_time}
     * (ISO 8601 with the offset {@code zone} had then, {@code Z} for UTC, a fraction only when there is
     * one), {@code analytic_type}, {@code stream_id}, then one column per name in {@code dataFields}
     * holding that top-level key of the event's data (text as is, numbers as stored, objects and arrays
     * as JSON, empty when absent or null), and last {@code data}, the whole payload as JSON.
     *
     * @return the number of events written, or empty when this history cannot write CSV itself (nothing
     *     was written; use {@link #forEach})
     */
    default OptionalLong copyCsv(String analyticType, Instant from, Instant to, ZoneId zone, List<String> dataFields,
                                 OutputStream out) throws Exception {
        return OptionalLong.empty();
    }
}
