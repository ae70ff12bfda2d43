package com.lenz.central.workflow.trigger.db;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.lenz.central.workflow.trigger.core.TriggerType;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The {@code event_trigger_queue} table: workflow runs owed to stored events, claimed by one server at a time. */
public class EventTriggerStore {

    /** A queued run: the workflow to start and the event that triggered it, as templates see it. */
    public record Queued(long id, String workflowId, Map<String, Object> event) {
    }

    /** A claimed row as the database returns it; its event's data is still JSON text. */
    public record ClaimedRow(long id, String workflowId, String eventId, String analyticType, String streamId,
            Instant eventTime, String data) {
    }

    /** The statements, as a Jdbi SQL object. */
    public interface Queries {

        @SqlQuery("""
                WITH picked AS (SELECT id FROM event_trigger_queue
                    WHERE claimed_at IS NULL OR claimed_at < now() - interval '2 minutes'
                    ORDER BY id LIMIT :limit FOR UPDATE SKIP LOCKED)
                UPDATE event_trigger_queue q SET claimed_by = :server, claimed_at = now()
                FROM picked, event_history e WHERE q.id = picked.id AND e.id = q.event_id
                RETURNING q.id, q.workflow_id, e.id::text AS event_id, e.analytic_type, e.stream_id, e.event_time,
                    e.data::text AS data""")
        @RegisterConstructorMapper(ClaimedRow.class)
        List<ClaimedRow> claim(@Bind("server") String server, @Bind("limit") int limit);

        /** Event order is kept: runs are claimed oldest id first. */
        @SqlUpdate("""
                INSERT INTO event_trigger_queue (workflow_id, event_id)
                SELECT w.id, e.id FROM event_history e JOIN workflows w
                    ON w.is_active AND w.trigger_type = :type
                    AND w.trigger_config ->> 'analytic_type' = e.analytic_type
                    AND (COALESCE(w.trigger_config ->> 'stream_id', '') = '' OR w.trigger_config ->> 'stream_id' = e.stream_id)
                WHERE e.id = ANY(:ids)
                ORDER BY e.id, w.id""")
        int queueFor(@Bind("ids") Long[] eventIds, @Bind("type") String eventTrigger);

        @SqlUpdate("DELETE FROM event_trigger_queue WHERE id = ANY(:ids)")
        void delete(@Bind("ids") Long[] ids);

        @SqlUpdate("UPDATE event_trigger_queue SET claimed_by = NULL, claimed_at = NULL WHERE id = ANY(:ids)")
        void unclaim(@Bind("ids") Long[] ids);

        @SqlQuery("SELECT count(*) FROM event_trigger_queue")
        long count();

        @SqlUpdate("""
                INSERT INTO event_trigger_skips (workflow_id, event_id, outcome, skipped_by)
                SELECT x.w, x.e, :outcome, :server FROM unnest(:workflows, :events) AS x(w, e)
                WHERE EXISTS (SELECT 1 FROM workflows WHERE id = x.w)""")
        void insertSkips(@Bind("workflows") String[] workflowIds, @Bind("events") Long[] eventIds,
                @Bind("outcome") String outcome, @Bind("server") String server);

        @SqlUpdate("DELETE FROM event_trigger_skips WHERE skipped_at < now() - interval '7 days'")
        int purgeSkips();
    }

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private final Queries sql;
    private final ObjectMapper json;

    public EventTriggerStore(Jdbi jdbi, ObjectMapper json) {
        this.sql = jdbi.onDemand(Queries.class);
        this.json = json;
    }

    /**
     * Queues a run of every active event-triggered workflow each stored event matches (its
     * {@code analytic_type}, and its {@code stream_id} when the trigger names one), in the transaction
     * {@code h} that stored the events.
     *
     * @return how many runs were queued
     */
    public int enqueue(Handle h, List<Long> eventIds) {
        if (eventIds.isEmpty()) {
            return 0;
        }
        return h.attach(Queries.class).queueFor(eventIds.toArray(Long[]::new), TriggerType.EVENT.wire());
    }

    /**
     * Claims up to {@code limit} unclaimed rows (or rows whose claim is older than two minutes: their
     * server died), oldest first; rows other servers hold are skipped, not waited for.
     */
    public List<Queued> claim(String server, int limit) {
        return sql.claim(server, limit).stream().map(this::queued).toList();
    }

    /** The runs were started (or are moot): forget them. */
    public void done(List<Long> ids) {
        if (!ids.isEmpty()) {
            sql.delete(ids.toArray(Long[]::new));
        }
    }

    /** The runs could not start now: give them back for a later try. */
    public void release(List<Long> ids) {
        if (!ids.isEmpty()) {
            sql.unclaim(ids.toArray(Long[]::new));
        }
    }

    /** How long skipped runs are kept in {@code event_trigger_skips}. */
    public static final String SKIPS_KEPT = "7 days";

    /** Records runs not started because their workflow was at its max_concurrent (outcome {@code skipped_busy}). */
    public void skippedBusy(List<Queued> skipped, String server) {
        if (!skipped.isEmpty()) {
            sql.insertSkips(skipped.stream().map(Queued::workflowId).toArray(String[]::new),
                    skipped.stream().map(q -> Long.valueOf(String.valueOf(q.event().get("id")))).toArray(Long[]::new),
                    "skipped_busy", server);
        }
    }

    public void purgeSkips() {
        sql.purgeSkips();
    }

    public long pending() {
        return sql.count();
    }

    private Queued queued(ClaimedRow row) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("id", row.eventId());
        event.put("analytic_type", row.analyticType());
        event.put("stream_id", row.streamId());
        event.put("event_time", row.eventTime().toString());
        event.put("data", parse(row.data()));
        return new Queued(row.id(), row.workflowId(), event);
    }

    private Map<String, Object> parse(String data) {
        try {
            return json.readValue(data, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
