package com.lenz.central.db;

import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The {@code server_settings} table: small values the server generates once and keeps. */
public class SettingsStore {

    private final Jdbi jdbi;

    public SettingsStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public Optional<String> get(String key) {
        return jdbi.withHandle(h -> h.createQuery("SELECT value FROM server_settings WHERE key = :key")
                .bind("key", key).mapTo(String.class).findOne());
    }

    public void put(String key, String value) {
        jdbi.useHandle(h -> h.createUpdate("INSERT INTO server_settings (key, value) VALUES (:key, :value) "
                        + "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()")
                .bind("key", key).bind("value", value).execute());
    }

    /**
     * The stored value, or {@code candidate} stored now if there was none. Servers racing on one
     * database all end up with the value of the first insert.
     */
    public String getOrCreate(String key, String candidate) {
        return jdbi.withHandle(h -> {
            h.createUpdate("INSERT INTO server_settings (key, value) VALUES (:key, :value) ON CONFLICT (key) DO NOTHING")
                    .bind("key", key).bind("value", candidate).execute();
            return h.createQuery("SELECT value FROM server_settings WHERE key = :key")
                    .bind("key", key).mapTo(String.class).one();
        });
    }
}
