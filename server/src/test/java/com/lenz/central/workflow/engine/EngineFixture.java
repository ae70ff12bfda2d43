package com.lenz.central.workflow.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.db.JdbiSetup;
import com.lenz.central.db.SchemaMigrator;
import com.lenz.central.events.db.EventHistoryReader;
import com.lenz.central.exports.ExportPaths;
import com.lenz.central.plugin.NodeConfigCheck;
import com.lenz.central.plugin.NodeServices;
import com.lenz.central.plugin.NodeTypeRegistry;
import com.lenz.central.plugin.PluginLoader;
import com.lenz.central.testing.SharedPostgres;
import com.lenz.central.testing.TestServer;
import com.lenz.central.workflow.WorkflowsConfig;
import com.lenz.central.workflow.db.ExecutionStore;
import com.lenz.central.workflow.db.WorkflowStore;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Files;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jdbi.v3.core.Jdbi;

/**
 * The execution engine without HTTP, on a database of its own: the test plugins' node types, the stores, a
 * runner with two node threads and the execution service, started; {@link #close()} stops them.
 */
final class EngineFixture implements AutoCloseable {

    static final ObjectMapper JSON = Jackson.newObjectMapper();

    final ExecutionStore executionStore;
    final WorkflowStore workflowStore;
    final ExecutionService executions;
    private final PluginLoader plugins;
    private final NodeTypeRegistry nodeTypes;
    private final ExecutorService nodeThreads;

    /** @param backoff the waits between attempts (null: the engine's own, with random jitter) */
    EngineFixture(String name, Backoff backoff) throws Exception {
        DataSourceFactory factory = new DataSourceFactory();
        factory.setUrl(SharedPostgres.cluster().jdbcUrl(SharedPostgres.newDatabase(name)));
        factory.setUser("postgres");
        factory.setPassword("");
        SchemaMigrator.migrate(factory, SchemaMigrator.LENZ_CHANGELOG);
        Jdbi jdbi = JdbiSetup.configure(Jdbi.create(factory.getUrl(), "postgres", ""));
        plugins = new PluginLoader(TestServer.pluginsWithTestNodes(), Files.createTempDirectory("lenz-vendor-plugins-"), "1.0.0");
        plugins.start();
        nodeTypes = new NodeTypeRegistry(plugins);
        nodeTypes.start();
        NodeServices services = new NodeServices(id -> Optional.empty(),
                new ExportPaths(Files.createTempDirectory("lenz-exports-")), new EventHistoryReader(jdbi, JSON), Map.of());
        executionStore = new ExecutionStore(jdbi, JSON);
        workflowStore = new WorkflowStore(jdbi, JSON);
        nodeThreads = Executors.newFixedThreadPool(2, WorkflowRunner.daemonThreads(name + "-node-"));
        WorkflowRunner runner = backoff == null
                ? new WorkflowRunner(executionStore, nodeTypes, new NodeConfigCheck(JSON), new ConfigTemplates(JSON),
                        services, nodeThreads, JSON, Clock.systemUTC())
                : new WorkflowRunner(executionStore, nodeTypes, new NodeConfigCheck(JSON), new ConfigTemplates(JSON),
                        services, nodeThreads, JSON, Clock.systemUTC(), backoff);
        executions = new ExecutionService(executionStore, runner, new WorkflowsConfig(), name + "-test", Clock.systemUTC());
        executions.start();
    }

    @Override
    public void close() throws Exception {
        executions.stop();
        nodeThreads.shutdownNow();
        nodeTypes.stop();
        plugins.stop();
    }
}
