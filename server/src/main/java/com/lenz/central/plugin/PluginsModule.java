package com.lenz.central.plugin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.CentralConfiguration;
import com.lenz.central.credentials.core.CredentialService;
import com.lenz.central.events.db.EventHistoryReader;
import com.lenz.central.exports.ExportPaths;
import com.lenz.central.version.ServerVersion;
import io.dropwizard.core.setup.Environment;
import java.nio.file.Path;
import org.jdbi.v3.core.Jdbi;

/**
 * Plugins: the jars of the bundled and vendor folders, the node types they provide, and what a running node
 * may use of the server ({@link NodeServices}: credentials, exports, the event history, the settings of
 * {@link PluginsConfig} and the http_request destination policy).
 */
public final class PluginsModule {

    private final PluginLoader loader;
    private final NodeTypeRegistry nodeTypes;
    private final EventHistoryReader history;
    private final HttpRequestDestinations destinations;
    private final NodeServices nodeServices;

    /**
     * @param destinations the http_request policy, checked at the very start of the server
     * @throws IllegalStateException when a plugin setting takes the name of one the server sets
     */
    public PluginsModule(CentralConfiguration config, Jdbi lenz, ObjectMapper json, HttpRequestDestinations destinations,
                         CredentialService credentials, ExportPaths exports) {
        this.loader = new PluginLoader(Path.of(config.getBundledPluginsDir()), Path.of(config.vendorPluginsDir()),
                ServerVersion.release());
        this.nodeTypes = new NodeTypeRegistry(loader);
        this.history = new EventHistoryReader(lenz, json);
        this.destinations = destinations;
        this.nodeServices = new NodeServices(credentials::lookup, exports, history,
                destinations.addTo(config.getPlugins().withServerSettings(config.getSchedulerTimezone())));
    }

    /**
     * Managed in this order (stopped in reverse): the plugin loader, the node types it read, the event history
     * reader (so it stops after the executions that read it, which are registered later).
     */
    public void register(Environment env) {
        env.lifecycle().manage(loader);
        env.healthChecks().register("plugins", new PluginsHealthCheck(loader));
        env.jersey().register(new PluginResource(loader));
        env.admin().addTask(new ReloadPluginsTask(loader));
        env.lifecycle().manage(nodeTypes);
        env.healthChecks().register("node-types", nodeTypes.healthCheck());
        env.lifecycle().manage(history);
        env.lifecycle().addServerLifecycleListener(destinations::serverStarted);
    }

    public NodeTypeRegistry nodeTypes() {
        return nodeTypes;
    }

    /** What the engine hands running nodes. */
    public NodeServices nodeServices() {
        return nodeServices;
    }
}
