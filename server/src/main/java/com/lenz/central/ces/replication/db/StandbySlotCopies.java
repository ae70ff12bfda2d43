package com.lenz.central.ces.replication.db;

import com.lenz.central.ces.replication.core.ConnectionDetails;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Whether the standbys of a master's cluster hold a failover-ready copy of a slave's slot, asked of each
 * standby itself: only there does PostgreSQL 17 show it ({@code synced AND NOT temporary AND NOT conflicting}
 * in {@code pg_replication_slots}, the check PostgreSQL's documentation gives before a failover). The
 * primary cannot tell; a standby's copy is what the subscription resumes from once that standby is promoted.
 */
public final class StandbySlotCopies {

    /** One member of the master cluster that is a standby: {@code synced} null when it could not be asked. */
    public record Copy(String host, Boolean synced) {
    }

    private StandbySlotCopies() {
    }

    /**
     * Every member of {@code master}'s cluster that answers as a standby (the primary is left out), with
     * whether it holds a synchronized copy of {@code slot}; a member that does not answer within
     * {@code timeoutSeconds} is listed with {@code synced} null.
     */
    public static List<Copy> of(ConnectionDetails master, String slot, int timeoutSeconds) {
        List<Copy> copies = new ArrayList<>();
        for (ConnectionDetails member : master.members()) {
            String host = member.host() + ":" + member.port();
            try (Handle h = Jdbi.open(member.connect("lenz-central-replication", timeoutSeconds))) {
                if (!h.createQuery("SELECT pg_is_in_recovery()").mapTo(Boolean.class).one()) {
                    continue; // the primary: its own slot, not a copy
                }
                boolean v17 = h.createQuery("SELECT current_setting('server_version_num')::int >= 170000")
                        .mapTo(Boolean.class).one();
                copies.add(new Copy(host, !v17 ? null : h.createQuery("SELECT synced AND NOT temporary AND NOT "
                                + "coalesce(conflicting, false) FROM pg_replication_slots WHERE slot_name = :s")
                        .bind("s", slot).mapTo(Boolean.class).findOne().orElse(false)));
            } catch (java.sql.SQLException | RuntimeException unreachable) {
                copies.add(new Copy(host, null));
            }
        }
        return copies;
    }
}
