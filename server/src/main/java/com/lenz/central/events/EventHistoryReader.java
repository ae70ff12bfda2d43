package com.lenz.central.events;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.lenz.central.plugin.api.EventHistory;
import com.lenz.central.plugin.api.HistoryEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/**
 * The event history as nodes read it: rows streamed from a server-side cursor (a transaction with a
 * fetch size), so an export of millions of events holds only one batch in memory.
 */
public class EventHistoryReader implements EventHistory {

    private static final int FETCH_SIZE = 10_000;
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final Jdbi jdbi;
    private final ObjectReader dataReader;

    public EventHistoryReader(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.dataReader = json.readerFor(MAP);
    }

    @Override
    public long forEach(String analyticType, Instant from, Instant to, Consumer<HistoryEvent> sink) {
        return jdbi.inTransaction(h -> {
            try (Stream<HistoryEvent> rows = h.createQuery("SELECT id, analytic_type, stream_id, event_time, data "
                            + "FROM event_history WHERE analytic_type = :type AND event_time >= :from AND event_time < :to "
                            + "ORDER BY event_time, id")
                    .bind("type", analyticType)
                    .bind("from", from.atOffset(ZoneOffset.UTC))
                    .bind("to", to.atOffset(ZoneOffset.UTC))
                    .setFetchSize(FETCH_SIZE)
                    .map((rs, ctx) -> {
                        String data = rs.getString("data");
                        return new HistoryEvent(rs.getString("id"), rs.getString("analytic_type"), rs.getString("stream_id"),
                                rs.getObject("event_time", OffsetDateTime.class).toInstant(), parse(data), data);
                    })
                    .stream()) {
                long[] count = {0};
                rows.forEach(event -> {
                    sink.accept(event);
                    count[0]++;
                });
                return count[0];
            }
        });
    }

    private Map<String, Object> parse(String data) {
        try {
            return dataReader.readValue(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
