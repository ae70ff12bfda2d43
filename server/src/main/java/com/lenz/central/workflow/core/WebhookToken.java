package com.lenz.central.workflow.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A webhook's token is stored only as its SHA-256 ({@code config.token_sha256}, hex), never as sent, so
 * that reading the database (a backup, a replica, a log of statements) does not hand out the tokens.
 * An unsalted fast hash is enough here: the token is a secret the caller chose to be hard to guess, not
 * a password a person remembers, and the webhook route throttles failed tries.
 */
public final class WebhookToken {

    /** The config key holding the hash. Migration 009 converted earlier rows' {@code token} to it. */
    public static final String HASH_KEY = "token_sha256";
    static final String TOKEN_KEY = "token";

    private WebhookToken() {
    }

    public static String sha256Hex(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code presented} is the token of this stored trigger config; constant time in the token. */
    public static boolean matches(String presented, Map<String, Object> storedConfig) {
        Object stored = storedConfig.get(HASH_KEY);
        if (presented == null || !(stored instanceof String hash)) {
            return false;
        }
        return MessageDigest.isEqual(sha256Hex(presented).getBytes(StandardCharsets.US_ASCII),
                hash.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The trigger as it is stored: a webhook's {@code token} replaced by its hash, or by {@code keptHash}
     * (the stored one, when a replace sent the placeholder or no token). Other triggers pass unchanged.
     */
    static TriggerNode sealed(TriggerNode trigger, String keptHash) {
        if (!TriggerNode.WEBHOOK.equals(trigger.type())) {
            return trigger;
        }
        Map<String, Object> config = new LinkedHashMap<>(trigger.config());
        Object token = config.remove(TOKEN_KEY);
        config.remove(HASH_KEY);
        if (keptHash != null) {
            config.put(HASH_KEY, keptHash);
        } else if (token instanceof String plain) {
            config.put(HASH_KEY, sha256Hex(plain));
        }
        return new TriggerNode(trigger.type(), config);
    }
}
