package com.lenz.central.workflow.trigger.db;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code schedule_claims} table: PostgreSQL is the coordinator. A claim is an insert under the
 * primary key (workflow_id, scheduled_for); only the server whose insert wins runs the occurrence.
 */
public class ScheduleClaimStore {

    /** An occurrence of a workflow's schedule. */
    public record Occurrence(String workflowId, Instant scheduledFor) {
    }

    private final Jdbi jdbi;

    public ScheduleClaimStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Claims occurrences in one statement; returns those this server won (the others were claimed by
     * another server already, or their workflow was deleted).
     */
    public Set<Occurrence> claim(List<Occurrence> due, String server, String outcome) {
        if (due.isEmpty()) {
            return Set.of();
        }
        String[] ids = due.stream().map(Occurrence::workflowId).toArray(String[]::new);
        String[] times = due.stream().map(o -> o.scheduledFor().toString()).toArray(String[]::new);
        List<Occurrence> won = jdbi.withHandle(h -> h.createQuery("INSERT INTO schedule_claims (workflow_id, scheduled_for, claimed_by, outcome) "
                        + "SELECT x.w, x.t::timestamptz, :server, :outcome FROM unnest(:ids, :times) AS x(w, t) "
                        + "WHERE EXISTS (SELECT 1 FROM workflows WHERE id = x.w) "
                        + "ON CONFLICT DO NOTHING RETURNING workflow_id, scheduled_for")
                .bindArray("ids", String.class, (Object[]) ids)
                .bindArray("times", String.class, (Object[]) times)
                .bind("server", server).bind("outcome", outcome)
                .map((rs, ctx) -> new Occurrence(rs.getString(1), rs.getObject(2, java.time.OffsetDateTime.class).toInstant()))
                .list());
        return new HashSet<>(won);
    }

    /** Of {@code workflowIds}, those with an execution still running (on any server). */
    public Set<String> withRunningExecution(Set<String> workflowIds) {
        if (workflowIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(jdbi.withHandle(h -> h.createQuery("SELECT DISTINCT workflow_id FROM workflow_executions "
                        + "WHERE status = 'running' AND workflow_id = ANY(:ids)")
                .bindArray("ids", String.class, workflowIds.toArray())
                .mapTo(String.class).list()));
    }

    /** What became of a claimed occurrence. */
    public record Outcome(Occurrence occurrence, String outcome, String executionId) {
    }

    /** Records the outcomes of claimed occurrences, in one statement. */
    public void record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> h.createUpdate("UPDATE schedule_claims c SET outcome = x.o, execution_id = x.e "
                        + "FROM unnest(:ids, :times, :outcomes, :executions) AS x(w, t, o, e) "
                        + "WHERE c.workflow_id = x.w AND c.scheduled_for = x.t::timestamptz")
                .bindArray("ids", String.class, outcomes.stream().map(o -> o.occurrence().workflowId()).toArray())
                .bindArray("times", String.class, outcomes.stream().map(o -> o.occurrence().scheduledFor().toString()).toArray())
                .bindArray("outcomes", String.class, outcomes.stream().map(Outcome::outcome).toArray())
                .bindArray("executions", String.class, outcomes.stream().map(Outcome::executionId).toArray())
                .execute());
    }

    /**
     * The active schedule workflows, each with a version that changes whenever the workflow does: read
     * every tick without the workflows' JSON, so that only new or changed ones are loaded whole.
     */
    public java.util.Map<String, String> activeScheduleVersions() {
        return jdbi.withHandle(h -> h.createQuery("SELECT id, COALESCE(updated_at, created_at)::text FROM workflows "
                        + "WHERE is_active AND trigger_type = 'schedule'")
                .setMapKeyColumn("id").setMapValueColumn("coalesce")
                .collectInto(new org.jdbi.v3.core.generic.GenericType<java.util.Map<String, String>>() {
                }));
    }

    public int purgeOlderThan(Duration age) {
        return jdbi.withHandle(h -> h.createUpdate("DELETE FROM schedule_claims WHERE claimed_at < now() - CAST(:age AS interval)")
                .bind("age", age.toSeconds() + " seconds").execute());
    }
}
