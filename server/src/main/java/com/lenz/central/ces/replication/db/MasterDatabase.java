package com.lenz.central.ces.replication.db;

import com.lenz.central.ces.replication.core.ConnectionDetails;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * A slave's connection to one of the master's databases, with what a subscription needs there: the
 * publication, a role allowed to replicate and to read the published tables, and this node's slot.
 */
public final class MasterDatabase implements AutoCloseable {

    private final ConnectionDetails details;
    private final Handle handle;

    private MasterDatabase(ConnectionDetails details, Handle handle) {
        this.details = details;
        this.handle = handle;
    }

    /** Connects, or the driver's failure (the caller names the field in its answer). */
    public static MasterDatabase connect(ConnectionDetails details, int timeoutSeconds) throws SQLException {
        Connection connection = details.connect("lenz-central-replication", timeoutSeconds);
        return new MasterDatabase(details, Jdbi.open(connection));
    }

    public String walLevel() {
        return handle.createQuery("SELECT current_setting('wal_level')").mapTo(String.class).one();
    }

    public boolean publicationExists(String publication) {
        return handle.createQuery("SELECT count(*) > 0 FROM pg_publication WHERE pubname = :p")
                .bind("p", publication).mapTo(Boolean.class).one();
    }

    /** Logical replication connections need the REPLICATION attribute (or superuser). */
    public boolean mayReplicate() {
        return handle.createQuery("SELECT rolsuper OR rolreplication FROM pg_roles WHERE rolname = current_user")
                .mapTo(Boolean.class).findOne().orElse(false);
    }

    /** The first published table the role may not SELECT (the initial copy reads it), if any. */
    public Optional<String> firstUnreadableTable(String publication) {
        List<String> unreadable = handle.createQuery("SELECT tablename FROM pg_publication_tables WHERE pubname = :p "
                        + "AND NOT has_table_privilege(format('%I.%I', schemaname, tablename), 'SELECT') ORDER BY tablename")
                .bind("p", publication).mapTo(String.class).list();
        return unreadable.stream().findFirst();
    }

    /** Whether the slot exists, and if so whether a WAL sender is using it now. */
    public Optional<Boolean> slotActive(String slot) {
        return handle.createQuery("SELECT active FROM pg_replication_slots WHERE slot_name = :s")
                .bind("s", slot).mapTo(Boolean.class).findOne();
    }

    public void createSlot(String slot) {
        createSlot(slot, false);
    }

    /**
     * {@code failover}: a failover slot (PostgreSQL 17+), which standbys with {@code sync_replication_slots}
     * keep a copy of, so that the subscription resumes on the standby once it is promoted.
     */
    public void createSlot(String slot, boolean failover) {
        String sql = failover ? "SELECT slot_name::text FROM pg_create_logical_replication_slot(:s, 'pgoutput', false, false, true)"
                : "SELECT slot_name::text FROM pg_create_logical_replication_slot(:s, 'pgoutput')";
        handle.createQuery(sql).bind("s", slot).mapTo(String.class).one();
    }

    /** PostgreSQL 17 or later: failover slots exist. */
    public boolean supportsFailoverSlots() {
        return handle.createQuery("SELECT current_setting('server_version_num')::int >= 170000").mapTo(Boolean.class).one();
    }

    public void dropSlot(String slot) {
        handle.createQuery("SELECT pg_drop_replication_slot(:s) IS NULL").bind("s", slot).mapTo(Boolean.class).one();
    }

    /** WAL the master has written that the slot's subscriber has not confirmed yet, in bytes. */
    public Optional<Long> lagBytes(String slot) {
        return handle.createQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), confirmed_flush_lsn)::bigint "
                        + "FROM pg_replication_slots WHERE slot_name = :s AND confirmed_flush_lsn IS NOT NULL")
                .bind("s", slot).mapTo(Long.class).findOne().map(lag -> Math.max(0, lag));
    }

    public String describe() {
        return details.describe();
    }

    @Override
    public void close() {
        handle.close();
    }
}
