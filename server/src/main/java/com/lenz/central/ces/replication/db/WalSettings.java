package com.lenz.central.ces.replication.db;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * The restart-only server settings a master needs for logical replication: {@code wal_level=logical},
 * and a slot and a WAL sender for each subscription of every slave. Read from {@code pg_settings}
 * (the running value) and {@code pg_file_settings} (what the next start will use, ALTER SYSTEM's
 * included), so a setup repeated before the restart sees its own change and does not redo it.
 */
public final class WalSettings {

    public static final int REQUIRED_SLOTS = 200;
    public static final String WAL_LEVEL = "wal_level";
    public static final String MAX_REPLICATION_SLOTS = "max_replication_slots";
    public static final String MAX_WAL_SENDERS = "max_wal_senders";

    /** One setting: the running value, the value the configuration files now hold, and what we need. */
    public record Setting(String name, String current, String configured, String required) {

        /** The running value is enough. */
        public boolean isSet() {
            return meets(current);
        }

        /** The files hold enough (it may still need a restart). */
        public boolean isConfigured() {
            return meets(configured);
        }

        public boolean restartPending() {
            return !sameValue(current, configured);
        }

        private boolean meets(String value) {
            if (!isNumeric()) {
                return required.equalsIgnoreCase(value.trim());
            }
            return parse(value) >= Long.parseLong(required);
        }

        private boolean sameValue(String a, String b) {
            return isNumeric() ? parse(a) == parse(b) : a.trim().equalsIgnoreCase(b.trim());
        }

        private boolean isNumeric() {
            return required.chars().allMatch(Character::isDigit);
        }

        private static long parse(String value) {
            try {
                return Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** The running value as the API shows it: a number for numeric settings. */
        public Object currentValue() {
            return isNumeric() ? (Object) parse(current) : current;
        }

        public Object requiredValue() {
            return isNumeric() ? (Object) Long.parseLong(required) : required;
        }
    }

    private static final Map<String, String> REQUIRED = new LinkedHashMap<>();

    static {
        REQUIRED.put(WAL_LEVEL, "logical");
        REQUIRED.put(MAX_REPLICATION_SLOTS, Integer.toString(REQUIRED_SLOTS));
        // One WAL sender per slot in use: match the slots.
        REQUIRED.put(MAX_WAL_SENDERS, Integer.toString(REQUIRED_SLOTS));
    }

    private WalSettings() {
    }

    /** The three settings of the cluster {@code handle} is connected to, in a fixed order. */
    public static List<Setting> read(Handle handle) {
        // current_setting() costs a tenth of a filtered pg_settings (which materialises every setting).
        List<String> names = List.copyOf(REQUIRED.keySet());
        Map<String, String> current = new LinkedHashMap<>();
        handle.createQuery("SELECT current_setting(:n1), current_setting(:n2), current_setting(:n3)")
                .bind("n1", names.get(0)).bind("n2", names.get(1)).bind("n3", names.get(2))
                .map((rs, ctx) -> {
                    for (int i = 0; i < names.size(); i++) {
                        current.put(names.get(i), rs.getString(i + 1));
                    }
                    return current;
                }).one();
        Map<String, String> configured = fileSettings(handle);
        List<Setting> settings = new ArrayList<>();
        REQUIRED.forEach((name, required) -> {
            String now = current.getOrDefault(name, "");
            settings.add(new Setting(name, now, configured.getOrDefault(name, now), required));
        });
        return settings;
    }

    /**
     * ALTER SYSTEM for each setting whose configured value falls short (each outside a transaction, as
     * PostgreSQL demands), then a reload so that {@code pending_restart} shows. Returns the names changed.
     */
    public static List<String> apply(Handle handle) {
        List<String> changed = new ArrayList<>();
        for (Setting s : read(handle)) {
            if (!s.isConfigured()) {
                handle.execute("ALTER SYSTEM SET " + SqlQuoting.identifier(s.name()) + " = " + SqlQuoting.literal(s.required()));
                changed.add(s.name());
            }
        }
        if (!changed.isEmpty()) {
            try {
                handle.execute("SELECT pg_reload_conf()");
            } catch (RuntimeException e) {
                // Without EXECUTE on pg_reload_conf only pending_restart stays stale; the restart still applies it.
            }
        }
        return changed;
    }

    /** The last value each setting has in the configuration files; empty when the role may not read them. */
    private static Map<String, String> fileSettings(Handle handle) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            handle.createQuery("SELECT DISTINCT ON (name) name, setting FROM pg_file_settings "
                            + "WHERE name = ANY(:names) ORDER BY name, seqno DESC")
                    .bind("names", REQUIRED.keySet().toArray(String[]::new))
                    .map((rs, ctx) -> Map.entry(rs.getString(1), rs.getString(2)))
                    .forEach(e -> values.put(e.getKey(), e.getValue()));
        } catch (RuntimeException e) {
            // pg_file_settings is for superusers and pg_read_all_settings; fall back to the running values.
        }
        return values;
    }
}
