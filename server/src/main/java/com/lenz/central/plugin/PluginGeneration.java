package com.lenz.central.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.plugin.PluginReport.State;
import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.pf4j.DefaultPluginManager;
import org.pf4j.PluginDescriptor;
import org.pf4j.PluginState;
import org.pf4j.PluginWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reading of the plugin folders: a PF4J manager of its own holding every plugin jar found, what became of
 * each jar, and the node types they provide. A reload builds a new generation and retires the old one, so an
 * execution that started on a generation keeps its classes until it ends.
 *
 * <p>The vendor folder is read before the bundled one: a vendor jar with the id of a bundled plugin replaces it
 * (a vendor can ship a fixed version without rebuilding the server). Of two node types with one name, the one
 * whose plugin id sorts first wins, so the choice does not depend on the order of files on disk.
 */
final class PluginGeneration {

    private static final Logger LOG = LoggerFactory.getLogger(PluginGeneration.class);
    static final Pattern TYPE = Pattern.compile("[a-z][a-z0-9_]{0,63}");
    static final String TYPE_RULE = "a node type name is a lower-case letter followed by at most 63 lower-case letters,"
            + " digits or underscores";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final DefaultPluginManager manager;
    private final List<PluginReport> reports;
    private final Map<String, NodeType> types;
    private final Map<String, String> refused;

    private PluginGeneration(DefaultPluginManager manager, List<PluginReport> reports, Map<String, NodeType> types,
                             Map<String, String> refused) {
        this.manager = manager;
        this.reports = List.copyOf(reports);
        this.types = Map.copyOf(types);
        this.refused = Map.copyOf(refused);
    }

    static PluginGeneration empty() {
        return new PluginGeneration(null, List.of(), Map.of(), Map.of());
    }

    /** Loads and starts every jar of the folders (vendor first, then bundled); never throws for a bad jar. */
    static PluginGeneration load(Path vendor, Path bundled, String systemVersion) {
        Manager manager = new Manager(vendor, bundled);
        manager.setSystemVersion(systemVersion);
        Map<String, PluginReport> byFile = new LinkedHashMap<>();
        // PLUGINS_DIR may name the bundled folder itself (as it did before there were two): read it once.
        for (Path folder : vendor.equals(bundled) ? List.of(vendor) : List.of(vendor, bundled)) {
            for (Path jar : jarsIn(folder)) {
                boolean isBundled = !folder.equals(vendor);
                String file = isBundled ? "bundled/" + jar.getFileName() : jar.getFileName().toString();
                byFile.put(file, loadOne(manager, jar, file, isBundled, systemVersion));
            }
        }
        manager.startPlugins();

        Map<String, NodeType> types = new TreeMap<>();
        Map<String, String> refused = new LinkedHashMap<>();
        List<String> files = new ArrayList<>(byFile.keySet());
        files.sort(Comparator.comparing((String f) -> String.valueOf(byFile.get(f).id())));
        for (String file : files) {
            PluginReport report = byFile.get(file);
            if (report.state() != State.STARTED) {
                continue;
            }
            PluginWrapper plugin = manager.getPlugin(report.id());
            if (plugin.getPluginState() != PluginState.STARTED) {
                String reason = "failed to start: " + (plugin.getFailedException() == null ? "unknown reason"
                        : rootMessage(plugin.getFailedException()));
                byFile.put(file, report.withState(State.FAILED, reason));
                continue;
            }
            byFile.put(file, collectNodes(manager, report, types, refused));
        }
        for (PluginReport report : byFile.values()) {
            if (report.hasError()) {
                LOG.error("plugin jar {}: {} ({})", report.file(), report.error(), report.state());
            } else if (report.state() == State.STARTED) {
                LOG.info("plugin {} {} loaded from {}: {}", report.id(), report.version(), report.file(),
                        String.join(", ", report.nodeTypes()));
            } else {
                LOG.info("plugin jar {}: {}", report.file(), report.state());
            }
        }
        return new PluginGeneration(manager, new ArrayList<>(byFile.values()), types, refused);
    }

    private static PluginReport loadOne(Manager manager, Path jar, String file, boolean bundled,
                                        String systemVersion) {
        try {
            PluginDescriptor found = manager.descriptorOf(jar);
            PluginWrapper first = found.getPluginId() == null ? null : manager.getPlugin(found.getPluginId());
            if (first != null) {
                if (bundled && !first.getPluginPath().startsWith(jar.getParent())) {
                    return new PluginReport(found.getPluginId(), found.getVersion(), State.OVERRIDDEN,
                            found.getRequires(), List.of(), null, file);
                }
                return new PluginReport(found.getPluginId(), found.getVersion(), State.FAILED, found.getRequires(),
                        List.of(), "plugin id " + found.getPluginId() + " is already used by "
                        + first.getPluginPath().getFileName(), file);
            }
            String id = manager.loadPlugin(jar);
            PluginWrapper plugin = manager.getPlugin(id);
            PluginDescriptor descriptor = plugin.getDescriptor();
            if (plugin.getPluginState() == PluginState.DISABLED) {
                String reason = "Plugin-Requires '" + descriptor.getRequires() + "' does not accept this server's version "
                        + systemVersion;
                manager.unloadPlugin(id);
                return new PluginReport(id, descriptor.getVersion(), State.DISABLED, descriptor.getRequires(), List.of(),
                        reason, file);
            }
            return new PluginReport(id, descriptor.getVersion(), State.STARTED, descriptor.getRequires(), List.of(), null,
                    file);
        } catch (RuntimeException | LinkageError e) {
            return new PluginReport(null, null, State.FAILED, null, List.of(), "cannot be loaded: " + rootMessage(e), file);
        }
    }

    /** PF4J's manager, with its descriptor finder reachable so a jar's id is known before loading it. */
    private static final class Manager extends DefaultPluginManager {
        Manager(Path... roots) {
            super(roots);
        }

        PluginDescriptor descriptorOf(Path jar) {
            PluginDescriptor descriptor = getPluginDescriptorFinder().find(jar);
            validatePluginDescriptor(descriptor);
            return descriptor;
        }
    }

    private static PluginReport collectNodes(DefaultPluginManager manager, PluginReport report,
                                             Map<String, NodeType> types, Map<String, String> refused) {
        List<ActionNode> nodes;
        try {
            nodes = new ArrayList<>(manager.getExtensions(ActionNode.class, report.id()));
        } catch (RuntimeException | LinkageError e) {
            manager.unloadPlugin(report.id());
            return report.withState(State.FAILED, "its node classes cannot be loaded: " + rootMessage(e));
        }
        if (nodes.isEmpty()) {
            manager.unloadPlugin(report.id());
            return report.withState(State.FAILED, "provides no node type: META-INF/extensions.idx is missing or names"
                    + " no ActionNode (keep pf4j on the annotation processor path and mark nodes @Extension)");
        }
        nodes.sort(Comparator.comparing(n -> n.getClass().getName()));
        List<String> provided = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (ActionNode node : nodes) {
            String where = node.getClass().getName() + " of plugin " + report.id();
            try {
                NodeType type = describe(node, report);
                NodeType first = types.get(type.type());
                if (first != null) {
                    throw new IllegalArgumentException("node type " + type.type() + " is already provided by plugin "
                            + first.pluginId());
                }
                types.put(type.type(), type);
                provided.add(type.type());
            } catch (RuntimeException | LinkageError e) {
                refused.put(where, firstLine(e.getMessage()));
                errors.add(node.getClass().getSimpleName() + ": " + firstLine(e.getMessage()));
            }
        }
        PluginReport out = new PluginReport(report.id(), report.version(), State.STARTED, report.requires(),
                List.copyOf(provided), errors.isEmpty() ? null : "refused " + String.join("; ", errors), report.file());
        if (provided.isEmpty()) {
            manager.unloadPlugin(report.id());
            return out.withState(State.FAILED, out.error());
        }
        return out;
    }

    private static NodeType describe(ActionNode node, PluginReport plugin) {
        String type = node.type();
        if (type == null || !TYPE.matcher(type).matches()) {
            throw new IllegalArgumentException("invalid node type name '" + type + "': " + TYPE_RULE);
        }
        NodeDescriptor descriptor = node.descriptor();
        if (descriptor == null) {
            throw new IllegalArgumentException("node type " + type + " has no descriptor");
        }
        JsonNode schema;
        JsonSchema compiled;
        try {
            schema = JSON.readTree(descriptor.configSchema());
            if (!schema.isObject()) {
                throw new IllegalArgumentException("is not a JSON object");
            }
            compiled = SCHEMAS.getSchema(schema);
            compiled.initializeValidators();
        } catch (Exception e) {
            throw new IllegalArgumentException("node type " + type + " has an unusable config schema: " + e.getMessage());
        }
        return new NodeType(node, type, descriptor.name(), descriptor.description(), plugin.id(), plugin.version(),
                schema, compiled);
    }

    private static List<Path> jarsIn(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jar") && Files.isRegularFile(p))
                    .sorted().toList();
        } catch (IOException e) {
            LOG.error("cannot list plugins folder {}: {}", folder, e.getMessage());
            return List.of();
        }
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String message = t.getMessage();
        return message == null ? t.getClass().getSimpleName() : firstLine(message);
    }

    /** Parser messages carry the source excerpt on further lines; a log line and an API error keep the first. */
    static String firstLine(String message) {
        if (message == null) {
            return "no reason given";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline).trim();
    }

    List<PluginReport> reports() {
        return reports;
    }

    Map<String, NodeType> types() {
        return types;
    }

    /** Node class and plugin → why it was refused. */
    Map<String, String> refused() {
        return refused;
    }

    /** Stops the plugins and closes their class loaders; only once no execution uses this generation any more. */
    void close() {
        if (manager != null) {
            manager.unloadPlugins();
        }
    }
}
