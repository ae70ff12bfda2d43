package com.lenz.central.auth.core;

import at.favre.lib.crypto.bcrypt.BCrypt;
import com.lenz.central.logging.LogRedactor;
import java.nio.charset.StandardCharsets;

/** bcrypt (cost 10) for user passwords. bcrypt reads at most 72 bytes, so longer passwords are refused. */
public final class PasswordHasher {

    public static final int MIN_LENGTH = 8;
    public static final int MAX_BYTES = 72;
    private static final int COST = 10;
    /**
     * Verified against when the user does not exist, so that a wrong username takes as long as a wrong password.
     * A constant of the same cost (the hash of a random string nobody kept): computing it at class loading took
     * a bcrypt round on a cold JVM at every start; the verification costs the same either way, and its result is
     * never used (no user, no login).
     */
    private static final byte[] DUMMY_HASH = "$2a$10$vUT9kKRiXii45b0BdgHhc.2EL/uxHWv6NJwwuEHlAEKci.hDqXiPW"
            .getBytes(StandardCharsets.US_ASCII);

    /** Why {@code password} is not acceptable, or null when it is. */
    public static String problemWith(String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            return "password must be at least " + MIN_LENGTH + " characters";
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "password must be at most " + MAX_BYTES + " bytes";
        }
        return null;
    }

    public String hash(String password) {
        String hash = BCrypt.withDefaults().hashToString(COST, password.toCharArray());
        LogRedactor.register(hash); // the JDBC driver at TRACE prints statement parameters
        return hash;
    }

    public boolean verify(String password, String hash) {
        LogRedactor.register(hash);
        byte[] candidate = password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8);
        boolean usable = hash != null && candidate.length <= MAX_BYTES;
        byte[] against = hash == null ? DUMMY_HASH : hash.getBytes(StandardCharsets.UTF_8);
        if (candidate.length > MAX_BYTES) {
            candidate = java.util.Arrays.copyOf(candidate, MAX_BYTES);
        }
        boolean verified = BCrypt.verifyer().verify(candidate, against).verified;
        return usable && verified;
    }
}
