package com.lenz.central.ces.replication.core;

import com.lenz.central.ces.core.CesMode;
import java.util.List;

/** What setup did on a slave: its subscriptions, made now or found. A slave never needs a restart. */
public record SlaveSetupReport(CesMode mode, List<Subscription> subscriptions, boolean restartRequired)
        implements ReplicationReport {

    /** {@code exists}: before this setup; the rest: after it. */
    public record Subscription(String name, boolean exists, boolean created, boolean enabled, String publication,
                               String slotName) {
    }
}
