package com.lenz.central.plugin.api;

/**
 * A node's config cannot work: thrown by {@link ActionNode#validate} at save time (the user gets a
 * 400 naming {@link #field()}) or by {@link ActionNode#execute} for a rendered value that turns out
 * unusable (the node fails without retry).
 */
public class NodeConfigException extends Exception {

    /** The config key at fault. */
    private final String field;

    /**
     * @param field   the config key at fault, dotted for nested values ({@code "date_range.from"})
     * @param message what is wrong with it, for a user to read
     */
    public NodeConfigException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The config key at fault, relative to the node's config. */
    public String field() {
        return field;
    }
}
