package com.lenz.central.auth;

import java.util.Arrays;
import java.util.Optional;

/** {@code admin} may do everything; {@code viewer} may only read (GET). */
public enum Role {
    ADMIN("admin"),
    VIEWER("viewer");

    private final String wire;

    Role(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Role> parse(String value) {
        return Arrays.stream(values()).filter(r -> r.wire.equals(value)).findFirst();
    }
}
