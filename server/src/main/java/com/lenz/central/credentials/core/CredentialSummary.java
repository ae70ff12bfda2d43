package com.lenz.central.credentials.core;

import java.time.Instant;

/** A credential as the API shows it: never its data. */
public record CredentialSummary(String id, String name, String type, Instant createdAt, Instant updatedAt) {
}
