package com.lenz.central.ces.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Compares a presented {@code X-API-Key} with the configured master key in constant time: both are
 * hashed first, so neither the content nor the length of the key leaks through timing. No configured
 * key means no key matches.
 */
public final class ApiKeyCheck {

    private final byte[] expected;

    ApiKeyCheck(String configuredKey) {
        this.expected = configuredKey == null || configuredKey.isEmpty() ? null : sha256(configuredKey);
    }

    public boolean isConfigured() {
        return expected != null;
    }

    public boolean matches(String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected, sha256(presented));
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
