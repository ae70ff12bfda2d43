package com.lenz.central.plugin;

import com.codahale.metrics.health.HealthCheck;
import java.nio.file.Files;
import java.util.stream.Collectors;

/**
 * Unhealthy when a plugin jar could not be used (each named with its reason) or the bundled plugins folder is
 * missing; lists what is loaded.
 */
public class PluginsHealthCheck extends HealthCheck {

    private final PluginLoader plugins;

    public PluginsHealthCheck(PluginLoader plugins) {
        this.plugins = plugins;
    }

    @Override
    protected Result check() {
        if (!Files.isDirectory(plugins.bundledDirectory())) {
            return Result.unhealthy("bundled plugins folder " + plugins.bundledDirectory() + " does not exist");
        }
        String loaded = plugins.reports().stream()
                .filter(p -> p.state() == PluginReport.State.STARTED)
                .map(p -> p.id() + " " + p.version())
                .sorted().collect(Collectors.joining(", "));
        String failed = plugins.reports().stream().filter(PluginReport::hasError)
                .map(p -> p.file() + ": " + p.error()).sorted().collect(Collectors.joining("; "));
        if (!failed.isEmpty()) {
            return Result.unhealthy("failed to load: " + failed + (loaded.isEmpty() ? "" : "; loaded: " + loaded));
        }
        return Result.healthy("loaded: " + (loaded.isEmpty() ? "none" : loaded));
    }
}
