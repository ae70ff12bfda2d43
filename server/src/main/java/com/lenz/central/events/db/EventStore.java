package com.lenz.central.events.db;

import com.lenz.central.events.core.EventQuery;
import com.lenz.central.events.core.IncomingEvent;
import com.lenz.central.events.core.StoredEvent;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;
import org.jdbi.v3.core.statement.Query;

/** The {@code event_history} table. */
public class EventStore {

    private static final RowMapper<StoredEvent> MAPPER = ConstructorMapper.of(StoredEvent.class);

    private final Jdbi jdbi;

    public EventStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Work another feature does in the transaction that stores a batch (event triggers queue their runs). */
    @FunctionalInterface
    public interface AfterInsert {
        /** @return how many workflow runs were queued */
        int run(Handle h, List<Long> eventIds);
    }

    private volatile AfterInsert afterInsert = (h, ids) -> 0;

    /** Set once at wiring: the event triggers' queueing (README, Triggers: event). */
    public void afterInsert(AfterInsert work) {
        this.afterInsert = work;
    }

    /**
     * Inserts a batch in one statement (the arrays are unnested server-side: one round trip however many
     * events) and, in the same transaction, lets the event triggers queue the runs the events owe, so
     * that a stored event never loses its trigger.
     *
     * @return how many workflow runs were queued
     */
    public int insert(List<IncomingEvent> events) {
        return jdbi.inTransaction(h -> afterInsert.run(h, bindBatch(h.createQuery(INSERT), events).mapTo(Long.class).list()));
    }

    private static final String INSERT = "INSERT INTO event_history (analytic_type, stream_id, event_time, data) "
            + "SELECT t, s, et::timestamptz, d::jsonb FROM unnest(:types, :streams, :times, :data) AS x(t, s, et, d) "
            + "RETURNING id";

    private static <S extends org.jdbi.v3.core.statement.SqlStatement<S>> S bindBatch(S statement, List<IncomingEvent> events) {
        int n = events.size();
        String[] types = new String[n];
        String[] streams = new String[n];
        String[] times = new String[n];
        String[] data = new String[n];
        for (int i = 0; i < n; i++) {
            IncomingEvent e = events.get(i);
            types[i] = e.analyticType();
            streams[i] = e.streamId();
            times[i] = e.eventTime().toString();
            data[i] = e.dataJson();
        }
        return statement
                .bindArray("types", String.class, (Object[]) types)
                .bindArray("streams", String.class, (Object[]) streams)
                .bindArray("times", String.class, (Object[]) times)
                .bindArray("data", String.class, (Object[]) data);
    }

    /** One page of matching events, newest first. */
    public List<StoredEvent> find(EventQuery query, long offset, int limit) {
        return jdbi.withHandle(h -> bind(h.createQuery("SELECT id, analytic_type, stream_id, event_time, data, received_at "
                        + "FROM event_history" + where(query) + " ORDER BY event_time DESC, id DESC LIMIT :limit OFFSET :offset"), query)
                .bind("limit", limit).bind("offset", offset)
                .map(MAPPER).list());
    }

    public long count(EventQuery query) {
        return jdbi.withHandle(h -> bind(h.createQuery("SELECT count(*) FROM event_history" + where(query)), query)
                .mapTo(Long.class).one());
    }

    private static String where(EventQuery q) {
        List<String> conditions = new ArrayList<>();
        if (q.analyticType() != null) {
            conditions.add("analytic_type = :type");
        }
        if (q.streamId() != null) {
            conditions.add("stream_id = :stream");
        }
        if (q.from() != null) {
            conditions.add("event_time >= :from");
        }
        if (q.to() != null) {
            conditions.add("event_time < :to");
        }
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    private static Query bind(Query query, EventQuery q) {
        if (q.analyticType() != null) {
            query.bind("type", q.analyticType());
        }
        if (q.streamId() != null) {
            query.bind("stream", q.streamId());
        }
        if (q.from() != null) {
            query.bind("from", q.from());
        }
        if (q.to() != null) {
            query.bind("to", q.to());
        }
        return query;
    }
}
