package com.lenz.central.ces.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A CES node as the master sees it: heard from within {@code ces.offlineAfter}, or not. */
public enum NodeStatus {
    ONLINE,
    OFFLINE;

    // Each listing writes it 10,000 times: the text is made once.
    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }
}
