package com.lenz.central.plugin;

import com.codahale.metrics.health.HealthCheck;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import io.dropwizard.lifecycle.Managed;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node types users can put in workflows: every {@link ActionNode} of the started plugins, read once
 * when the plugins have started. A node with an unusable type name or schema, or whose type another
 * plugin already provides, is refused with a logged error: of two plugins declaring one type, the one
 * whose plugin id sorts first wins, so the choice does not depend on the order of files on disk.
 */
public class NodeTypeRegistry implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(NodeTypeRegistry.class);
    private static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final PluginLoader plugins;
    private final ObjectMapper json;
    private final JsonSchemaFactory schemas = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private volatile Map<String, NodeType> types = Map.of();
    private volatile Map<String, String> refused = Map.of();

    public NodeTypeRegistry(PluginLoader plugins, ObjectMapper json) {
        this.plugins = plugins;
        this.json = json;
    }

    /** Runs after {@link PluginLoader#start()} (it is registered after it). */
    @Override
    public void start() {
        Map<String, NodeType> found = new TreeMap<>();
        Map<String, String> rejected = new LinkedHashMap<>();
        List<PluginLoader.LoadedNode> nodes = new ArrayList<>(plugins.actionNodes());
        nodes.sort(Comparator.comparing(PluginLoader.LoadedNode::pluginId)
                .thenComparing(n -> n.node().getClass().getName()));
        for (PluginLoader.LoadedNode loaded : nodes) {
            String where = loaded.node().getClass().getName() + " of plugin " + loaded.pluginId();
            try {
                NodeType type = describe(loaded);
                NodeType first = found.get(type.type());
                if (first != null) {
                    String reason = "node type " + type.type() + " is already provided by plugin " + first.pluginId();
                    rejected.put(where, reason);
                    LOG.error("refusing {}: {}", where, reason);
                    continue;
                }
                found.put(type.type(), type);
            } catch (RuntimeException | LinkageError e) {
                rejected.put(where, String.valueOf(e.getMessage()));
                LOG.error("refusing {}: {}", where, e.getMessage());
            }
        }
        types = Map.copyOf(found);
        refused = Map.copyOf(rejected);
        LOG.info("node types: {}", String.join(", ", found.keySet()));
    }

    @Override
    public void stop() {
        types = Map.of();
    }

    private NodeType describe(PluginLoader.LoadedNode loaded) {
        ActionNode node = loaded.node();
        String type = node.type();
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("invalid node type name '" + type
                    + "': use a lower-case letter, then lower-case letters, digits and underscores (at most 64)");
        }
        NodeDescriptor descriptor = node.descriptor();
        if (descriptor == null) {
            throw new IllegalArgumentException("node type " + type + " has no descriptor");
        }
        JsonNode schema;
        JsonSchema compiled;
        try {
            schema = json.readTree(descriptor.configSchema());
            if (!schema.isObject()) {
                throw new IllegalArgumentException("is not a JSON object");
            }
            compiled = schemas.getSchema(schema);
            compiled.initializeValidators();
        } catch (Exception e) {
            throw new IllegalArgumentException("node type " + type + " has an unusable config schema: " + e.getMessage());
        }
        return new NodeType(node, type, descriptor.name(), descriptor.description(), loaded.pluginId(),
                loaded.pluginVersion(), schema, compiled);
    }

    public Optional<NodeType> find(String type) {
        return Optional.ofNullable(type == null ? null : types.get(type));
    }

    /** Every loaded type, by type name. */
    public List<NodeType> all() {
        return types.values().stream().sorted(Comparator.comparing(NodeType::type)).toList();
    }

    /** Node class and plugin → why it was refused. */
    public Map<String, String> refused() {
        return refused;
    }

    /** Unhealthy when a node was refused; lists the loaded types. */
    public HealthCheck healthCheck() {
        return new HealthCheck() {
            @Override
            protected Result check() {
                String loaded = String.join(", ", new TreeMap<>(types).keySet());
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
