package com.lenz.central.ces.replication.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lenz.central.db.SettingsStore;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connection objects setup must remember, kept in {@code server_settings}: the last {@code fremis_local}
 * (this node's Fremis database when FREMIS_DATABASE_URL is unset) and, on a slave, the masters (to
 * measure each subscription's lag where it is known: on the master). The password is stored encrypted
 * with AES-256-GCM under CREDENTIALS_KEY; the rest in clear.
 */
public class StoredConnections {

    public static final String FREMIS_LOCAL = "replication.fremis_local";
    public static final String LENZ_MASTER = "replication.lenz_master";
    public static final String FREMIS_MASTER = "replication.fremis_master";

    private static final Logger LOG = LoggerFactory.getLogger(StoredConnections.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int IV_BYTES = 12;

    private final SettingsStore settings;
    private final SecretKey key;

    /** {@code credentialsKey}: base64 of 32 bytes (CREDENTIALS_KEY); any other text is hashed into a key. */
    public StoredConnections(SettingsStore settings, String credentialsKey) {
        this.settings = settings;
        this.key = new SecretKeySpec(keyBytes(credentialsKey), "AES");
    }

    public Optional<ConnectionDetails> load(String name) {
        Optional<String> stored = settings.get(name);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        try {
            JsonNode node = JSON.readTree(stored.get());
            String password = decrypt(name, node.path("password_encrypted").asText());
            ConnectionDetails.registerPassword(password);
            return Optional.of(new ConnectionDetails(node.path("host").asText(), node.path("port").asInt(),
                    node.path("dbname").asText(), node.path("user").asText(), password,
                    node.hasNonNull("sslmode") ? node.get("sslmode").asText() : null, failoverHosts(node)));
        } catch (Exception e) {
            // Typically CREDENTIALS_KEY changed: the stored password is lost, not the server.
            LOG.warn("stored connection {} cannot be read ({}); ignoring it", name, e.getClass().getSimpleName());
            return Optional.empty();
        }
    }

    private static java.util.List<String> failoverHosts(JsonNode node) {
        if (!node.has("failover_hosts")) {
            return null;
        }
        java.util.List<String> hosts = new java.util.ArrayList<>();
        node.get("failover_hosts").forEach(h -> hosts.add(h.asText()));
        return hosts;
    }

    public void save(String name, ConnectionDetails connection) {
        ObjectNode node = JSON.createObjectNode();
        node.put("host", connection.host());
        node.put("port", connection.port());
        node.put("dbname", connection.dbname());
        node.put("user", connection.user());
        node.put("password_encrypted", encrypt(name, connection.password()));
        if (connection.sslmode() != null) {
            node.put("sslmode", connection.sslmode());
        }
        if (connection.failoverHosts() != null && !connection.failoverHosts().isEmpty()) {
            connection.failoverHosts().forEach(node.putArray("failover_hosts")::add);
        }
        settings.put(name, node.toString());
    }

    private String encrypt(String name, String password) {
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            // The setting's name is bound in, so a ciphertext cannot be moved to another setting.
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(password.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[IV_BYTES + sealed.length];
            System.arraycopy(iv, 0, out, 0, IV_BYTES);
            System.arraycopy(sealed, 0, out, IV_BYTES, sealed.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    private String decrypt(String name, String encoded) throws GeneralSecurityException {
        byte[] in = Base64.getDecoder().decode(encoded);
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, IV_BYTES));
        cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
        return new String(cipher.doFinal(in, IV_BYTES, in.length - IV_BYTES), StandardCharsets.UTF_8);
    }

    static byte[] keyBytes(String credentialsKey) {
        try {
            byte[] decoded = Base64.getDecoder().decode(credentialsKey.trim());
            if (decoded.length == 32) {
                return decoded;
            }
        } catch (IllegalArgumentException notBase64) {
            // hashed below
        }
        try {
            return MessageDigest.getInstance("SHA-256").digest(credentialsKey.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
