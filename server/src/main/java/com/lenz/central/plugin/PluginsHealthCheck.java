package com.lenz.central.plugin;

import com.codahale.metrics.health.HealthCheck;
import java.nio.file.Files;
import java.util.stream.Collectors;

/** Unhealthy when a plugin failed to load or the plugins directory is missing; lists what is loaded. */
public class PluginsHealthCheck extends HealthCheck {

    private final PluginLoader plugins;

    public PluginsHealthCheck(PluginLoader plugins) {
        this.plugins = plugins;
    }

    @Override
    protected Result check() {
        if (!Files.isDirectory(plugins.directory())) {
            return Result.unhealthy("plugins directory " + plugins.directory() + " does not exist");
        }
        String loaded = plugins.startedPlugins().stream()
                .map(p -> p.getPluginId() + " " + p.getDescriptor().getVersion())
                .sorted().collect(Collectors.joining(", "));
        if (!plugins.failures().isEmpty()) {
            String failed = plugins.failures().entrySet().stream()
                    .map(e -> e.getKey() + ": " + e.getValue()).sorted().collect(Collectors.joining("; "));
            return Result.unhealthy("failed to load: " + failed + (loaded.isEmpty() ? "" : "; loaded: " + loaded));
        }
        return Result.healthy("loaded: " + (loaded.isEmpty() ? "none" : loaded));
    }
}
