package com.lenz.central.workflow.trigger.db;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The {@code event_trigger_queue} table: workflow runs owed to stored events, claimed by one server at a time. */
public class EventTriggerStore {

    /** A queued run: the workflow to start and the event that triggered it, as templates see it. */
    public record Queued(long id, String workflowId, Map<String, Object> event) {
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final Jdbi jdbi;
    private final ObjectMapper json;

    public EventTriggerStore(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    /**
     * Claims up to {@code limit} unclaimed rows (or rows whose claim is older than two minutes: their
     * server died), oldest first; rows other servers hold are skipped, not waited for.
     */
    public List<Queued> claim(String server, int limit) {
        return jdbi.withHandle(h -> h.createQuery("WITH picked AS (SELECT id FROM event_trigger_queue "
                        + "WHERE claimed_at IS NULL OR claimed_at < now() - interval '2 minutes' "
                        + "ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED) "
                        + "UPDATE event_trigger_queue q SET claimed_by = :server, claimed_at = now() "
                        + "FROM picked, event_history e WHERE q.id = picked.id AND e.id = q.event_id "
                        + "RETURNING q.id, q.workflow_id, e.id AS event_id, e.analytic_type, e.stream_id, e.event_time, "
                        + "e.data::text AS data")
                .bind("limit", limit).bind("server", server)
                .map((rs, ctx) -> {
                    Map<String, Object> event = new LinkedHashMap<>();
                    event.put("id", rs.getString("event_id"));
                    event.put("analytic_type", rs.getString("analytic_type"));
                    event.put("stream_id", rs.getString("stream_id"));
                    event.put("event_time", rs.getObject("event_time", OffsetDateTime.class).toInstant().toString());
                    event.put("data", parse(rs.getString("data")));
                    return new Queued(rs.getLong("id"), rs.getString("workflow_id"), event);
                })
                .list());
    }

    /** The runs were started (or are moot): forget them. */
    public void done(List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbi.useHandle(h -> h.createUpdate("DELETE FROM event_trigger_queue WHERE id = ANY(:ids)")
                    .bindArray("ids", Long.class, ids.toArray()).execute());
        }
    }

    /** The runs could not start now: give them back for a later try. */
    public void release(List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbi.useHandle(h -> h.createUpdate("UPDATE event_trigger_queue SET claimed_by = NULL, claimed_at = NULL "
                    + "WHERE id = ANY(:ids)").bindArray("ids", Long.class, ids.toArray()).execute());
        }
    }

    public long pending() {
        return jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM event_trigger_queue").mapTo(Long.class).one());
    }

    private Map<String, Object> parse(String data) {
        try {
            return json.readValue(data, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
