package com.lenz.central.ces.replication.core;

import com.lenz.central.ces.replication.db.PostgresReason;
import com.lenz.central.core.DomainException;
import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.JdbiException;

/** What PostgreSQL refuses during setup, as the failures the API answers with (texts name what is needed). */
final class ReplicationFailures {

    static final String SETUP_FAILED = "failed to setup replication";
    static final String STATUS_FAILED = "failed to get replication status";

    private ReplicationFailures() {
    }

    static void privileged(String action, String needed, Runnable step) {
        privileged(action, needed, () -> {
            step.run();
            return null;
        });
    }

    /** Runs a local step; a privilege PostgreSQL refuses becomes a conflict naming what is needed. */
    static <T> T privileged(String action, String needed, Supplier<T> step) {
        try {
            return step.get();
        } catch (JdbiException e) {
            SQLException sql = sqlCause(e);
            if (sql != null && "42501".equals(sql.getSQLState())) {
                throw DomainException.conflict(SETUP_FAILED, "insufficient privilege: " + action + " needs " + needed
                        + " (PostgreSQL: " + PostgresReason.of(sql) + ")");
            }
            throw e;
        }
    }

    /** Runs a step on a master; whatever the master refuses becomes a conflict (privileges, limits) or an upstream failure. */
    static <T> T remote(Channel channel, Supplier<T> step) {
        try {
            return step.get();
        } catch (JdbiException e) {
            SQLException sql = sqlCause(e);
            String reason = sql == null ? e.getClass().getSimpleName() : PostgresReason.of(sql);
            String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
            if (state.equals("42501")) {
                throw DomainException.conflict(SETUP_FAILED, "insufficient privilege on " + channel.masterField() + ": " + reason);
            }
            if (state.equals("53400")) {
                throw DomainException.conflict(SETUP_FAILED, channel.masterField() + ": " + reason
                        + " (raise max_replication_slots on the master)");
            }
            throw DomainException.upstreamFailed(SETUP_FAILED, channel.masterField() + " failed: " + reason);
        }
    }

    private static SQLException sqlCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }
}
