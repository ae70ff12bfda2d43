package com.lenz.central.ces.replication.db;

import java.util.List;
import org.jdbi.v3.core.Handle;

/**
 * The logical replication slots of a master's cluster (the slaves' slots) and whether they survive a
 * failover of that cluster: PostgreSQL 17 failover slots, copied to standbys that run with
 * {@code sync_replication_slots = on}.
 */
public final class ReplicationSlots {

    /**
     * One slot. {@code failover}: a failover slot (null before PostgreSQL 17). {@code synced}: this cluster
     * holds it as a copy synchronized from its primary (true only on a standby; null before 17).
     */
    public record Slot(String slotName, String database, boolean active, Boolean failover, Boolean synced) {
    }

    /**
     * What guards the slots on the primary: {@code synchronizedStandbySlots} (PostgreSQL 17's setting, the
     * physical slots of the standbys that must have WAL before any logical subscriber gets it; null before
     * 17, empty when unset) and whether every slot it names is streaming now.
     */
    public record StandbyGuard(String synchronizedStandbySlots, boolean standbysStreaming) {
    }

    private ReplicationSlots() {
    }

    public static List<Slot> logical(Handle handle) {
        if (!isPostgres17(handle)) {
            return handle.createQuery("SELECT slot_name::text, database::text, active FROM pg_replication_slots "
                            + "WHERE slot_type = 'logical' ORDER BY slot_name")
                    .map((rs, ctx) -> new Slot(rs.getString(1), rs.getString(2), rs.getBoolean(3), null, null)).list();
        }
        return handle.createQuery("SELECT slot_name::text, database::text, active, failover, synced FROM pg_replication_slots "
                        + "WHERE slot_type = 'logical' ORDER BY slot_name")
                .map((rs, ctx) -> new Slot(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                        rs.getBoolean(5))).list();
    }

    public static StandbyGuard standbyGuard(Handle handle) {
        if (!isPostgres17(handle)) {
            return new StandbyGuard(null, false);
        }
        String setting = handle.createQuery("SELECT current_setting('synchronized_standby_slots')").mapTo(String.class).one();
        boolean streaming = !setting.isBlank() && handle.createQuery("SELECT bool_and(coalesce(s.active, false)) "
                        + "FROM unnest(string_to_array(replace(:names, ' ', ''), ',')) AS n(name) "
                        + "LEFT JOIN pg_replication_slots s ON s.slot_name = n.name AND s.slot_type = 'physical'")
                .bind("names", setting).mapTo(Boolean.class).one();
        return new StandbyGuard(setting, streaming);
    }

    private static boolean isPostgres17(Handle handle) {
        return handle.createQuery("SELECT current_setting('server_version_num')::int >= 170000").mapTo(Boolean.class).one();
    }
}
