package com.lenz.central.ces.replication.core;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a slave's subscription stands, as {@code state} in the replication status shows it. */
public enum SubscriptionState {
    /** No such subscription on this node. */
    MISSING,
    /** It exists but is switched off. */
    DISABLED,
    /** Enabled, but no apply worker: the master is unreachable or applying failed (see PostgreSQL's log). */
    DOWN,
    /** Tables still being copied. */
    INITIALIZING,
    STREAMING;

    @JsonValue
    public String wire() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
