package com.lenz.central.ces.replication.core;

import com.lenz.central.ces.core.CesMode;
import java.util.List;

/** A slave's replication status: each subscription, its state and (where the master tells) its lag. */
public record SlaveStatusReport(CesMode mode, boolean isConfigured, List<Subscription> subscriptions)
        implements ReplicationReport {

    /** {@code lagBytes}: null when the master cannot be asked. */
    public record Subscription(String name, boolean exists, boolean enabled, String publication, String slotName,
                               SubscriptionState state, Long lagBytes, Boolean failover) {
    }
}
