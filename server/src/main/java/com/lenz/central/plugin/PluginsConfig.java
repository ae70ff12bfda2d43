package com.lenz.central.plugin;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.lenz.central.plugin.api.net.DestinationPolicy;
import jakarta.validation.constraints.NotNull;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code plugins} in config.yml: settings handed as they are to every node ({@code NodeContext.setting}),
 * such as the Telegram plugin's {@code telegram_api_url}. The server reads none of them, so a plugin gets a
 * setting of its own without the server's configuration knowing the plugin.
 */
public class PluginsConfig {

    /** What the server itself tells nodes; a plugin setting may not take one of these names. */
    static final String SCHEDULER_TIMEZONE = "scheduler_timezone";
    private static final Set<String> SERVER_SETTINGS = Set.of(SCHEDULER_TIMEZONE, DestinationPolicy.DENY_SETTING,
            DestinationPolicy.ALLOW_SETTING, DestinationPolicy.OWN_PORTS_SETTING);

    @NotNull @JsonProperty
    private Map<String, String> settings = new LinkedHashMap<>();

    public Map<String, String> getSettings() {
        return settings;
    }

    /**
     * These settings and the server's {@code scheduler_timezone}; an entry without a value is left out.
     *
     * @throws IllegalStateException naming the entry, when a plugin setting takes a name the server sets
     */
    public Map<String, String> withServerSettings(String schedulerTimezone) {
        Map<String, String> all = new HashMap<>();
        settings.forEach((name, value) -> {
            if (SERVER_SETTINGS.contains(name)) {
                throw new IllegalStateException("plugins.settings." + name + ": the server sets " + name + " itself");
            }
            if (value != null) {
                all.put(name, value);
            }
        });
        all.put(SCHEDULER_TIMEZONE, schedulerTimezone);
        return all;
    }
}
