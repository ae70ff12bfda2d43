package com.lenz.central.workflow;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.lifecycle.ShutdownDrain;
import com.lenz.central.plugin.NodeConfigCheck;
import com.lenz.central.plugin.NodeServices;
import com.lenz.central.plugin.NodeTypeRegistry;
import com.lenz.central.workflow.api.NodeTypeResource;
import com.lenz.central.workflow.api.WorkflowResource;
import com.lenz.central.workflow.core.MissingNodeTypesHealthCheck;
import com.lenz.central.workflow.core.WorkflowService;
import com.lenz.central.workflow.core.WorkflowValidator;
import com.lenz.central.workflow.db.ExecutionInserts;
import com.lenz.central.workflow.db.ExecutionStore;
import com.lenz.central.workflow.db.WorkflowStore;
import com.lenz.central.workflow.engine.ConfigTemplates;
import com.lenz.central.workflow.engine.ExecutionMonitor;
import com.lenz.central.workflow.engine.ExecutionRetries;
import com.lenz.central.workflow.engine.ExecutionService;
import com.lenz.central.workflow.engine.ExecutionWriter;
import com.lenz.central.workflow.engine.WorkflowRunner;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.lifecycle.ExecutorServiceManager;
import io.dropwizard.util.Duration;
import java.time.Clock;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;

/**
 * Workflows without their triggers: the stores, the execution engine (runner, queue, heartbeat monitor),
 * the workflow service and the endpoints. Triggers start executions through {@link #executions()} and
 * read workflows through {@link #workflowStore()}.
 */
public class WorkflowModule {

    private final WorkflowsConfig config;
    private final NodeTypeRegistry nodeTypes;
    private final String serverId;
    private final ObjectMapper json;
    private final ThreadPoolExecutor nodeThreads;
    private final ExecutionStore executionStore;
    private final WorkflowStore workflowStore;
    private final ExecutionService executions;
    private final ExecutionWriter executionWriter;
    private final WorkflowService workflows;

    /**
     * @param nodeServices what nodes may use (credentials, exports, event history, settings)
     * @param serverId     this server's identity, recorded as the owner of the executions it runs
     */
    public WorkflowModule(WorkflowsConfig config, Jdbi jdbi, ObjectMapper json, Clock clock, NodeTypeRegistry nodeTypes,
                          NodeServices nodeServices, String serverId) {
        this.config = config;
        this.nodeTypes = nodeTypes;
        this.serverId = serverId;
        this.json = json;
        NodeConfigCheck nodeConfigs = new NodeConfigCheck(json);
        ConfigTemplates templates = new ConfigTemplates(json);
        this.executionStore = new ExecutionStore(jdbi, json);
        this.workflowStore = new WorkflowStore(jdbi, json);
        // Bounded: a node that ignores its interrupt after its timeout holds a thread until it returns.
        this.nodeThreads = new ThreadPoolExecutor(config.getNodeThreads(), config.getNodeThreads(), 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), WorkflowRunner.daemonThreads("workflow-node-"));
        WorkflowRunner runner = new WorkflowRunner(executionStore, nodeTypes, nodeConfigs, templates, nodeServices,
                nodeThreads, json, clock);
        this.executions = new ExecutionService(executionStore, runner, config, serverId, clock);
        ExecutionInserts inserts = new ExecutionInserts(jdbi, json);
        this.executionWriter = new ExecutionWriter(inserts);
        executions.writeShortRuns(inserts, executionWriter, config.getShortRunWindow());
        this.workflows = new WorkflowService(workflowStore, new WorkflowValidator(nodeTypes, nodeConfigs, templates, json),
                executions, clock);
    }

    /** Managed in this order (stopped in reverse): the node threads, the executions, their heartbeat. */
    public void register(Environment env) {
        env.lifecycle().manage(new ExecutorServiceManager(nodeThreads, Duration.seconds(5), "workflow-node"));
        // Before the executions: stopped after them, it commits the ends of the runs they drain.
        env.lifecycle().manage(executionWriter);
        env.lifecycle().manage(executions);
        // On SIGTERM, first of all: drain the running executions while the API and the database are still up.
        env.lifecycle().addEventListener(new ShutdownDrain(executions, config.getShutdownGrace()));
        env.lifecycle().manage(new ExecutionMonitor(executionStore, executions, config, serverId));
        env.jersey().register(new WorkflowResource(workflows, executions, json,
                new ExecutionRetries(executions, executionStore, json)));
        env.jersey().register(new NodeTypeResource(nodeTypes));
        env.healthChecks().register("workflow-node-types", new MissingNodeTypesHealthCheck(workflowStore, nodeTypes));
    }

    /** Where every trigger starts an execution. */
    public ExecutionService executions() {
        return executions;
    }

    /** The workflows, as triggers read them. */
    public WorkflowStore workflowStore() {
        return workflowStore;
    }
}
