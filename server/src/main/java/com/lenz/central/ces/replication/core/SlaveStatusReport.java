package com.lenz.central.ces.replication.core;

import com.lenz.central.ces.core.CesMode;
import com.lenz.central.ces.replication.db.StandbySlotCopies;
import java.util.List;

/** A slave's replication status: each subscription, its state and (where the master tells) its lag. */
public record SlaveStatusReport(CesMode mode, boolean isConfigured, List<Subscription> subscriptions)
        implements ReplicationReport {

    /**
     * {@code lagBytes}: null when the master cannot be asked. {@code standbySlots}: each standby among the
     * master's {@code failover_hosts} and whether it holds a failover-ready copy of this subscription's slot
     * (empty without failover hosts); {@code slotSyncedToStandby}: whether at least one does (null when no
     * standby could be asked).
     */
    public record Subscription(String name, boolean exists, boolean enabled, String publication, String slotName,
                               SubscriptionState state, Long lagBytes, Boolean failover,
                               List<StandbySlotCopies.Copy> standbySlots, Boolean slotSyncedToStandby) {

        public Subscription(String name, boolean exists, boolean enabled, String publication, String slotName,
                            SubscriptionState state, Long lagBytes, Boolean failover) {
            this(name, exists, enabled, publication, slotName, state, lagBytes, failover, List.of(), null);
        }
    }
}
