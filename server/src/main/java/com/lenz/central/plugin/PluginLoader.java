package com.lenz.central.plugin;

import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the plugin jars of the bundled folder (what the build produced) and of the vendor folder (where an
 * operator drops plugins; {@code mvn clean} never touches it) at start, again on {@link #reload()}, and stops
 * them at shutdown. A jar that cannot be used is reported (log, {@code GET /api/plugins}, the plugins health
 * check); the server starts anyway.
 */
public class PluginLoader implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(PluginLoader.class);

    private final Path bundled;
    private final Path vendor;
    private final String systemVersion;
    private final GenerationLeases leases = new GenerationLeases();
    private volatile PluginGeneration current = PluginGeneration.empty();

    public PluginLoader(Path bundled, Path vendor, String systemVersion) {
        this.bundled = bundled.toAbsolutePath().normalize();
        this.vendor = vendor.toAbsolutePath().normalize();
        this.systemVersion = systemVersion;
    }

    @Override
    public void start() {
        if (!Files.isDirectory(bundled)) {
            LOG.error("bundled plugins folder {} does not exist: no bundled node type will be available", bundled);
        }
        try {
            Files.createDirectories(vendor);
        } catch (IOException e) {
            LOG.error("cannot create the vendor plugins folder {}: {}", vendor, e.toString());
        }
        current = PluginGeneration.load(vendor, bundled, systemVersion);
        leases.install(current);
    }

    /**
     * Reads both folders again into a new generation and makes it current: new jars load, changed ones replace
     * the old, removed ones are gone. The old generation is closed once no execution holds it any more.
     */
    public synchronized List<PluginReport> reload() {
        PluginGeneration next = PluginGeneration.load(vendor, bundled, systemVersion);
        current = next;
        leases.install(next);
        return next.reports();
    }

    @Override
    public void stop() {
        leases.closeAll();
        current = PluginGeneration.empty();
    }

    public Path bundledDirectory() {
        return bundled;
    }

    public String systemVersion() {
        return systemVersion;
    }

    /** Every jar found in the folders and what became of it. */
    public List<PluginReport> reports() {
        return current.reports();
    }

    PluginGeneration current() {
        return current;
    }

    /** The current node types, held until {@link NodeTypes#close()} so a running execution keeps its classes. */
    public NodeTypes acquire() {
        return leases.acquire();
    }

    /** Node type name → type of the current generation. */
    Map<String, NodeType> types() {
        return current.types();
    }

    /** Node class and plugin → why it was refused, in the current generation. */
    Map<String, String> refused() {
        return current.refused();
    }

    /** How many retired generations still wait for executions to end (for tests and the health check). */
    public int retiredGenerations() {
        return leases.retired();
    }
}
