package com.lenz.central.workflow.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * How an execution or one of its nodes stands, shown and stored as the lower-case name ({@code running},
 * {@code success}, {@code failed}, {@code cancelled}; {@code skipped} for nodes only). One type for both so
 * that an execution's status and a node's compare as they always did.
 */
public enum RunStatus {
    RUNNING, SUCCESS, FAILED, CANCELLED, SKIPPED;

    /** The form in JSON and in the database. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** From the database form. */
    public static RunStatus of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    @Override
    public String toString() {
        return wire();
    }
}
