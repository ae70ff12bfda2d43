package com.lenz.central.plugin;

import com.lenz.central.plugin.api.ActionNode;
import io.dropwizard.lifecycle.Managed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the PF4J plugins of PLUGINS_DIR at start and stops them at shutdown. A plugin that cannot be
 * loaded or started is logged and remembered for the plugins health check; the server starts anyway.
 */
public class PluginLoader implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    private final Path directory;
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final DefaultPluginManager manager;

    public PluginLoader(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
        this.manager = new DefaultPluginManager(this.directory) {
            @Override
            protected PluginWrapper loadPluginFromPath(Path pluginPath) {
                try {
                    return super.loadPluginFromPath(pluginPath);
                } catch (RuntimeException e) {
                    failures.put(pluginPath.getFileName().toString(), rootMessage(e));
                    throw e;
                }
            }
        };
    }

    @Override
    public void start() {
        if (!Files.isDirectory(directory)) {
            LOG.error("plugins directory {} does not exist: no action node will be available", directory);
            return;
        }
        try {
            manager.loadPlugins();
            manager.startPlugins();
        } catch (RuntimeException e) {
            LOG.error("loading plugins from {} failed", directory, e);
            failures.put(directory.toString(), rootMessage(e));
        }
        for (PluginWrapper plugin : manager.getPlugins()) {
            if (plugin.getPluginState() == PluginState.FAILED) {
                String reason = plugin.getFailedException() == null ? "failed to start" : rootMessage(plugin.getFailedException());
                failures.put(plugin.getPluginPath().getFileName().toString(), reason);
                LOG.error("plugin {} failed: {}", plugin.getPluginId(), reason);
            } else {
                LOG.info("plugin {} {} loaded from {}", plugin.getPluginId(), plugin.getDescriptor().getVersion(),
                        plugin.getPluginPath().getFileName());
            }
        }
        for (Map.Entry<String, String> failure : failures.entrySet()) {
            LOG.error("plugin {} was not loaded: {}", failure.getKey(), failure.getValue());
        }
    }

    @Override
    public void stop() {
        // unloadPlugins stops each plugin first; PF4J's stopPlugins() trips over its own list while iterating.
        manager.unloadPlugins();
    }

    public Path directory() {
        return directory;
    }

    /** Plugin file → why it failed to load or start. */
    public Map<String, String> failures() {
        return Map.copyOf(failures);
    }

    /** The plugins that are started. */
    public List<PluginWrapper> startedPlugins() {
        return new ArrayList<>(manager.getStartedPlugins());
    }

    /** Every {@link ActionNode} extension of the started plugins, with the plugin that provides it. */
    public List<LoadedNode> actionNodes() {
        List<LoadedNode> nodes = new ArrayList<>();
        for (PluginWrapper plugin : manager.getStartedPlugins()) {
            for (ActionNode node : manager.getExtensions(ActionNode.class, plugin.getPluginId())) {
                nodes.add(new LoadedNode(node, plugin.getPluginId(), plugin.getDescriptor().getVersion()));
            }
        }
        return nodes;
    }

    /** An action node and the plugin it came from. */
    public record LoadedNode(ActionNode node, String pluginId, String pluginVersion) {
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : message;
    }
}
