package com.lenz.central.metrics;

import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.core.RunStatus;
import com.lenz.central.workflow.engine.ExecutionObserver;
import com.lenz.central.workflow.engine.ExecutionService;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;

/**
 * Executions and nodes as the engine reports them. {@code workflow_id} is a label because operators alert
 * per workflow; its cardinality is the number of workflows that ran since the start (times statuses and
 * trigger types), which stays in the hundreds for a deployment like this. Node durations are labelled by
 * node type only, a handful.
 */
final class WorkflowMetrics implements ExecutionObserver {

    private final Counter executions;
    private final Histogram nodeDuration;

    WorkflowMetrics(PrometheusRegistry registry, ExecutionService service) {
        executions = Counter.builder().name("lenz_workflow_executions_total")
                .help("Executions ended on this server, by workflow, final status and trigger type")
                .labelNames("workflow_id", "status", "trigger_type").register(registry);
        nodeDuration = Histogram.builder().name("lenz_workflow_node_duration_seconds")
                .help("Time from a node's start to its end (retries included), by node type")
                .labelNames("node_type").classicOnly()
                .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 1800)
                .register(registry);
        GaugeWithCallback.builder().name("lenz_workflow_executions_running")
                .help("Executions running on this server now")
                .callback(callback -> callback.call(service.runningCount())).register(registry);
        GaugeWithCallback.builder().name("lenz_workflow_executions_queued")
                .help("Executions waiting for a worker on this server now")
                .callback(callback -> callback.call(service.queuedCount())).register(registry);
    }

    @Override
    public void nodeEnded(String nodeType, RunStatus status, Duration took) {
        nodeDuration.labelValues(nodeType).observe(took.toNanos() / 1e9);
    }

    @Override
    public void executionEnded(Execution execution) {
        executions.labelValues(execution.workflowId(), execution.status().wire(), execution.triggerType()).inc();
    }
}
