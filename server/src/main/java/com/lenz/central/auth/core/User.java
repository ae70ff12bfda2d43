package com.lenz.central.auth.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/** A user as the API shows it; the password hash is never serialized. */
public record User(
        @JsonProperty("id") String id,
        @JsonProperty("username") String username,
        @JsonProperty("name") String name,
        @JsonProperty("email") String email,
        @JsonProperty("role") String role,
        @JsonProperty("created_at") Instant createdAt,
        @JsonIgnore String passwordHash) {
}
