package com.lenz.central.plugin.api;

import java.util.Objects;

/**
 * How a node type presents itself to users: a display name, a description, and the JSON Schema
 * (draft 2020-12, as JSON text) that its {@code config} must satisfy.
 *
 * @param name        short display name, e.g. {@code "Send Telegram attachment"}
 * @param description one or two sentences on what the node does and what it outputs
 * @param configSchema JSON Schema of the node's config, as JSON text; {@code "{}"} accepts anything. Served
 *                     as is by {@code GET /api/workflows/node-types} for editors to build forms from: give
 *                     properties a {@code description}. A schema that does not parse keeps the node from loading.
 */
public record NodeDescriptor(String name, String description, String configSchema) {

    /** Checks name and description are given; a missing or blank schema becomes {@code "{}"}. */
    public NodeDescriptor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        configSchema = configSchema == null || configSchema.isBlank() ? "{}" : configSchema;
    }
}
