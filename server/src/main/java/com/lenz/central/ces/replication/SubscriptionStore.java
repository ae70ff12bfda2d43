package com.lenz.central.ces.replication;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** Subscriptions of the database a handle is connected to (pg_subscription), on a slave. */
public final class SubscriptionStore {

    /** A subscription as the catalog has it (never its connection string: it holds the password). */
    public record Subscription(long oid, String name, boolean enabled, String slotName, List<String> publications) {
    }

    private SubscriptionStore() {
    }

    public static Optional<Subscription> find(Handle handle, String name) {
        return handle.createQuery("SELECT s.oid, s.subname, s.subenabled, s.subslotname, s.subpublications "
                        + "FROM pg_subscription s JOIN pg_database d ON d.oid = s.subdbid "
                        + "WHERE d.datname = current_database() AND s.subname = :name")
                .bind("name", name)
                .map((rs, ctx) -> new Subscription(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                        Arrays.asList((String[]) rs.getArray(5).getArray())))
                .findOne();
    }

    /**
     * {@code disabled}; {@code down} (enabled, but no apply worker: the master is unreachable or applying
     * failed, see PostgreSQL's log); {@code initializing} (tables still being copied); {@code streaming}.
     */
    public static String state(Handle handle, Subscription subscription) {
        if (!subscription.enabled()) {
            return "disabled";
        }
        boolean running = handle.createQuery("SELECT count(*) > 0 FROM pg_stat_subscription "
                        + "WHERE subid = :oid AND relid IS NULL AND pid IS NOT NULL")
                .bind("oid", subscription.oid()).mapTo(Boolean.class).one();
        if (!running) {
            return "down";
        }
        boolean syncing = handle.createQuery("SELECT count(*) > 0 FROM pg_subscription_rel "
                        + "WHERE srsubid = :oid AND srsubstate <> 'r'")
                .bind("oid", subscription.oid()).mapTo(Boolean.class).one();
        return syncing ? "initializing" : "streaming";
    }

    /**
     * What the current role lacks to create a subscription here, if anything: superuser, or (PostgreSQL
     * 16 and later) membership in pg_create_subscription plus CREATE on the database.
     */
    public static Optional<String> missingPrivilege(Handle handle) {
        boolean superuser = handle.createQuery("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                .mapTo(Boolean.class).findOne().orElse(false);
        if (superuser) {
            return Optional.empty();
        }
        int version = handle.createQuery("SELECT current_setting('server_version_num')::int").mapTo(Integer.class).one();
        if (version >= 160000) {
            boolean allowed = handle.createQuery("SELECT pg_has_role(current_user, 'pg_create_subscription', 'MEMBER') "
                    + "AND has_database_privilege(current_database(), 'CREATE')").mapTo(Boolean.class).one();
            if (allowed) {
                return Optional.empty();
            }
            return Optional.of("superuser, or membership in pg_create_subscription together with CREATE on the database");
        }
        return Optional.of("superuser");
    }

    /**
     * CREATE SUBSCRIPTION on a slot made beforehand ({@code create_slot = false}: it works against any
     * master, this cluster included). Outside any transaction, as PostgreSQL demands, and through plain
     * JDBC: the statement holds the password, and nothing that could log it (JDBI's exceptions quote
     * statements; PostgreSQL logs failing ones) may see it.
     */
    public static void create(Connection connection, String name, ConnectionDetails master, String publication,
                              String slotName) throws SQLException {
        String sql = "CREATE SUBSCRIPTION " + SqlQuoting.identifier(name)
                + " CONNECTION " + SqlQuoting.literal(master.conninfo())
                + " PUBLICATION " + SqlQuoting.identifier(publication)
                + " WITH (slot_name = " + SqlQuoting.literal(slotName) + ", create_slot = false, copy_data = true)";
        try (Statement statement = connection.createStatement()) {
            quietLogging(statement, true);
            try {
                statement.execute(sql);
            } finally {
                quietLogging(statement, false);
            }
        }
    }

    /** Keeps this session's statements out of PostgreSQL's log where the role may say so (superusers). */
    private static void quietLogging(Statement statement, boolean quiet) {
        String[][] settings = {{"log_min_error_statement", "panic"}, {"log_statement", "none"},
                {"log_min_duration_statement", "-1"}};
        for (String[] setting : settings) {
            try {
                statement.execute(quiet ? "SET " + setting[0] + " = '" + setting[1] + "'" : "RESET " + setting[0]);
            } catch (SQLException notAllowed) {
                // not a superuser: PostgreSQL's own logging settings stay as they are
            }
        }
    }
}
