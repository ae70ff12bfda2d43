package com.lenz.central.plugin.api;

import java.time.Instant;
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
}
