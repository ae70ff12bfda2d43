package com.lenz.central.ces.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** This node's role in CES ({@code ces.mode}): the master keeps the registry, slaves report to it. */
public enum CesMode {
    MASTER,
    SLAVE;

    /** From config.yml's {@code ces.mode}, which its validation already restricts to master or slave. */
    public static CesMode of(String mode) {
        return "slave".equals(mode) ? SLAVE : MASTER;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
