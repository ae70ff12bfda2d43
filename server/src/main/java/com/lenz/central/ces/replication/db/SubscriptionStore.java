package com.lenz.central.ces.replication.db;

import com.lenz.central.ces.replication.core.ConnectionDetails;
import com.lenz.central.ces.replication.core.SubscriptionState;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** Subscriptions of the database a handle is connected to (pg_subscription), on a slave. */
public class SubscriptionStore {

    /** A subscription as the catalog has it (never its connection string: it holds the password). */
    public record Subscription(long oid, String name, boolean enabled, String slotName, List<String> publications) {
    }

    private static final List<String> QUIET = List.of("SET log_min_error_statement = 'panic'",
            "SET log_statement = 'none'", "SET log_min_duration_statement = '-1'");
    private static final List<String> LOUD_AGAIN = List.of("RESET log_min_error_statement", "RESET log_statement",
            "RESET log_min_duration_statement");

    private final Jdbi db;

    /** {@code db}: this node's database whose subscriptions these are (its Lenz or its Fremis database). */
    public SubscriptionStore(Jdbi db) {
        this.db = db;
    }

    public Optional<Subscription> find(String name) {
        return db.withHandle(handle -> handle.createQuery("SELECT s.oid, s.subname, s.subenabled, s.subslotname, s.subpublications "
                        + "FROM pg_subscription s JOIN pg_database d ON d.oid = s.subdbid "
                        + "WHERE d.datname = current_database() AND s.subname = :name")
                .bind("name", name)
                .map((rs, ctx) -> new Subscription(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getString(4),
                        Arrays.asList((String[]) rs.getArray(5).getArray())))
                .findOne());
    }

    /**
     * {@code disabled}; {@code down} (enabled, but no apply worker: the master is unreachable or applying
     * failed, see PostgreSQL's log); {@code initializing} (tables still being copied); {@code streaming}.
     */
    public SubscriptionState state(Subscription subscription) {
        if (!subscription.enabled()) {
            return SubscriptionState.DISABLED;
        }
        return db.withHandle(handle -> runningState(handle, subscription));
    }

    private static SubscriptionState runningState(Handle handle, Subscription subscription) {
        boolean running = handle.createQuery("SELECT count(*) > 0 FROM pg_stat_subscription "
                        + "WHERE subid = :oid AND relid IS NULL AND pid IS NOT NULL")
                .bind("oid", subscription.oid()).mapTo(Boolean.class).one();
        if (!running) {
            return SubscriptionState.DOWN;
        }
        boolean syncing = handle.createQuery("SELECT count(*) > 0 FROM pg_subscription_rel "
                        + "WHERE srsubid = :oid AND srsubstate <> 'r'")
                .bind("oid", subscription.oid()).mapTo(Boolean.class).one();
        return syncing ? SubscriptionState.INITIALIZING : SubscriptionState.STREAMING;
    }

    /**
     * What the current role lacks to create a subscription here, if anything: superuser, or (PostgreSQL
     * 16 and later) membership in pg_create_subscription plus CREATE on the database.
     */
    public Optional<String> missingPrivilege() {
        return db.withHandle(SubscriptionStore::missingPrivilege);
    }

    private static Optional<String> missingPrivilege(Handle handle) {
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
    public void create(String name, ConnectionDetails master, String publication, String slotName)
            throws SQLException {
        create(name, master, publication, slotName, false);
    }

    /** {@code failover}: the subscription's slot is a failover slot (PostgreSQL 17+ on both sides). */
    public void create(String name, ConnectionDetails master, String publication, String slotName, boolean failover)
            throws SQLException {
        db.useHandle(h -> create(h.getConnection(), name, master, publication, slotName, failover));
    }

    /** PostgreSQL 17 or later here: subscriptions take the failover option. */
    public boolean supportsFailover() {
        return db.withHandle(h -> h.createQuery("SELECT current_setting('server_version_num')::int >= 170000")
                .mapTo(Boolean.class).one());
    }

    /** pg_subscription.subfailover (PostgreSQL 17+), empty before. */
    public Optional<Boolean> failover(Subscription subscription) {
        if (!supportsFailover()) {
            return Optional.empty();
        }
        return db.withHandle(h -> h.createQuery("SELECT subfailover FROM pg_subscription WHERE oid = :oid")
                .bind("oid", subscription.oid()).mapTo(Boolean.class).findOne());
    }

    private static void create(Connection connection, String name, ConnectionDetails master, String publication,
                               String slotName, boolean failover) throws SQLException {
        String sql = "CREATE SUBSCRIPTION " + SqlQuoting.identifier(name)
                + " CONNECTION " + SqlQuoting.literal(master.conninfo())
                + " PUBLICATION " + SqlQuoting.identifier(publication)
                + " WITH (slot_name = " + SqlQuoting.literal(slotName) + ", create_slot = false, copy_data = true"
                + (failover ? ", failover = true" : "") + ")";
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
        for (String sql : quiet ? QUIET : LOUD_AGAIN) {
            try {
                statement.execute(sql);
            } catch (SQLException notAllowed) {
                // not a superuser: PostgreSQL's own logging settings stay as they are
            }
        }
    }
}
