package com.lenz.central.workflow.trigger.db;

import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.trigger.core.ScheduleOutcome;
import com.lenz.central.workflow.trigger.core.TriggerType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.sqlobject.config.KeyColumn;
import org.jdbi.v3.sqlobject.config.RegisterRowMapper;
import org.jdbi.v3.sqlobject.config.ValueColumn;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The {@code schedule_claims} table: PostgreSQL is the coordinator. A claim is an insert under the
 * primary key (workflow_id, scheduled_for); only the server whose insert wins runs the occurrence.
 * A Jdbi SQL object: {@code jdbi.onDemand(ScheduleClaimStore.class)}. Batches go as arrays unnested
 * server-side: one statement however many occurrences.
 */
public interface ScheduleClaimStore {

    /** An occurrence of a workflow's schedule. */
    record Occurrence(String workflowId, Instant scheduledFor) {
    }

    /** What became of a claimed occurrence. */
    record Outcome(Occurrence occurrence, ScheduleOutcome outcome, String executionId) {
    }

    /**
     * Claims occurrences in one statement; returns those this server won (the others were claimed by
     * another server already, or their workflow was deleted).
     */
    default Set<Occurrence> claim(List<Occurrence> due, String server, ScheduleOutcome outcome) {
        if (due.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(insertClaims(due.stream().map(Occurrence::workflowId).toArray(String[]::new),
                due.stream().map(o -> o.scheduledFor().toString()).toArray(String[]::new), server, outcome.wire()));
    }

    @SqlQuery("""
            INSERT INTO schedule_claims (workflow_id, scheduled_for, claimed_by, outcome)
            SELECT x.w, x.t::timestamptz, :server, :outcome FROM unnest(:ids, :times) AS x(w, t)
            WHERE EXISTS (SELECT 1 FROM workflows WHERE id = x.w)
            ON CONFLICT DO NOTHING RETURNING workflow_id, scheduled_for""")
    @RegisterRowMapper(OccurrenceMapper.class)
    List<Occurrence> insertClaims(@Bind("ids") String[] ids, @Bind("times") String[] times,
            @Bind("server") String server, @Bind("outcome") String outcome);

    /** Of {@code workflowIds}, those with an execution still running (on any server). */
    default Set<String> withRunningExecution(Set<String> workflowIds) {
        if (workflowIds.isEmpty()) {
            return Set.of();
        }
        return withStatus(workflowIds.toArray(String[]::new), Execution.RUNNING.wire());
    }

    @SqlQuery("SELECT DISTINCT workflow_id FROM workflow_executions WHERE status = :status AND workflow_id = ANY(:ids)")
    Set<String> withStatus(@Bind("ids") String[] workflowIds, @Bind("status") String status);

    /** Records the outcomes of claimed occurrences, in one statement. */
    default void record(List<Outcome> outcomes) {
        if (outcomes.isEmpty()) {
            return;
        }
        updateOutcomes(outcomes.stream().map(o -> o.occurrence().workflowId()).toArray(String[]::new),
                outcomes.stream().map(o -> o.occurrence().scheduledFor().toString()).toArray(String[]::new),
                outcomes.stream().map(o -> o.outcome().wire()).toArray(String[]::new),
                outcomes.stream().map(Outcome::executionId).toArray(String[]::new));
    }

    @SqlUpdate("""
            UPDATE schedule_claims c SET outcome = x.o, execution_id = x.e
            FROM unnest(:ids, :times, :outcomes, :executions) AS x(w, t, o, e)
            WHERE c.workflow_id = x.w AND c.scheduled_for = x.t::timestamptz""")
    void updateOutcomes(@Bind("ids") String[] ids, @Bind("times") String[] times,
            @Bind("outcomes") String[] outcomes, @Bind("executions") String[] executionIds);

    /**
     * The active schedule workflows, each with a version that changes whenever the workflow does: read
     * every tick without the workflows' JSON, so that only new or changed ones are loaded whole.
     */
    default Map<String, String> activeScheduleVersions() {
        return activeVersions(TriggerType.SCHEDULE.wire());
    }

    @SqlQuery("SELECT id, COALESCE(updated_at, created_at)::text AS version FROM workflows WHERE is_active AND trigger_type = :type")
    @KeyColumn("id")
    @ValueColumn("version")
    Map<String, String> activeVersions(@Bind("type") String triggerType);

    default int purgeOlderThan(Duration age) {
        return purgeClaimedBefore(age.toSeconds() + " seconds");
    }

    /** Measured by the database's clock, as claims are stamped. */
    @SqlUpdate("DELETE FROM schedule_claims WHERE claimed_at < now() - CAST(:age AS interval)")
    int purgeClaimedBefore(@Bind("age") String age);

    /** A claimed occurrence as {@code RETURNING} gives it. */
    class OccurrenceMapper implements RowMapper<Occurrence> {
        @Override
        public Occurrence map(ResultSet rs, StatementContext ctx) throws SQLException {
            return new Occurrence(rs.getString("workflow_id"),
                    ctx.findColumnMapperFor(Instant.class).orElseThrow().map(rs, "scheduled_for", ctx));
        }
    }
}
