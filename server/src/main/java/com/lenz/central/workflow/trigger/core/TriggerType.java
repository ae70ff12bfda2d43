package com.lenz.central.workflow.trigger.core;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * What starts a workflow, as {@code trigger_node.type} in JSON and {@code workflows.trigger_type} in SQL
 * name it: the lower-case name ({@link #wire()}).
 */
public enum TriggerType {
    MANUAL,
    SCHEDULE,
    WEBHOOK,
    EVENT;

    /** The name in JSON and SQL. */
    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether {@code type} (a trigger node's type as stored) names this trigger. */
    public boolean is(String type) {
        return wire().equals(type);
    }
}
