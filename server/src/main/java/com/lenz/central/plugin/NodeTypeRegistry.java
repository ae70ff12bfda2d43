package com.lenz.central.plugin;

import com.codahale.metrics.health.HealthCheck;
import io.dropwizard.lifecycle.Managed;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The node types users can put in workflows: every usable {@link com.lenz.central.plugin.api.ActionNode} of the
 * plugin generation currently loaded (see {@link PluginGeneration} for the rules: type names, schemas,
 * duplicates). A reload of the plugins changes what this returns; an execution holds its own {@link NodeTypes}.
 */
public class NodeTypeRegistry implements Managed {

    private final PluginLoader plugins;

    public NodeTypeRegistry(PluginLoader plugins) {
        this.plugins = plugins;
    }

    @Override
    public void start() {
        // The plugin loader (started before) has read the node types already.
    }

    public Optional<NodeType> find(String type) {
        return Optional.ofNullable(type == null ? null : plugins.types().get(type));
    }

    /** The current node types, held until closed: what an execution runs on from its start to its end. */
    public NodeTypes acquire() {
        return plugins.acquire();
    }

    /** Every loaded type, by type name. */
    public List<NodeType> all() {
        return plugins.types().values().stream().sorted(Comparator.comparing(NodeType::type)).toList();
    }

    /** Unhealthy when a node was refused; lists the loaded types. */
    public HealthCheck healthCheck() {
        return new HealthCheck() {
            @Override
            protected Result check() {
                String loaded = String.join(", ", new TreeMap<>(plugins.types()).keySet());
                Map<String, String> refused = plugins.refused();
                if (!refused.isEmpty()) {
                    return Result.unhealthy("refused: " + refused.entrySet().stream()
                            .map(e -> e.getKey() + " (" + e.getValue() + ")").sorted().collect(Collectors.joining("; "))
                            + "; loaded: " + (loaded.isEmpty() ? "none" : loaded));
                }
                return Result.healthy("loaded: " + (loaded.isEmpty() ? "none" : loaded));
            }
        };
    }
}
