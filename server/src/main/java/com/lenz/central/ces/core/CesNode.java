package com.lenz.central.ces.core;

import java.time.Instant;

/** A row of {@code ces_nodes}: a node as the master last heard of it. */
public record CesNode(String id, String name, String ipAddress, long totalEnrollment, boolean master,
                      String customFieldsJson, Instant lastHeartbeat, Instant createdAt, Instant updatedAt) {
}
