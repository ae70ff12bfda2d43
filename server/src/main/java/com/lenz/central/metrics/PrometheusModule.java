package com.lenz.central.metrics;

import com.lenz.central.ces.CesConfig;
import com.lenz.central.ces.replication.core.ReplicationService;
import com.lenz.central.events.core.EventIngestService;
import com.lenz.central.workflow.engine.ExecutionService;
import com.lenz.central.workflow.trigger.core.ScheduleRunner;
import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import org.jdbi.v3.core.Jdbi;

/**
 * {@code GET /metrics/prometheus} on the admin port (the admin port's access rules apply: loopback, or
 * basic authentication): the Dropwizard registry through {@link DropwizardBridge}, plus the domain
 * metrics, each fed by an observer the feature already calls ({@code lenz_*} names, see the README).
 * The features know nothing of Prometheus.
 */
public final class PrometheusModule {

    public static final String PATH = "/metrics/prometheus";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Environment env;

    /** Bridges {@code env.metrics()} and serves the scrape on the admin port. */
    public PrometheusModule(Environment env) {
        this.env = env;
        registry.register(new DropwizardBridge(env.metrics()));
        env.admin().addServlet("prometheus", new PrometheusServlet(registry)).addMapping(PATH);
    }

    /** Executions by workflow, status and trigger; node durations; running and queued executions. */
    public void watch(ExecutionService executions) {
        executions.observe(new WorkflowMetrics(registry, executions));
    }

    /** Schedule lateness and skipped occurrences. */
    public void watch(ScheduleRunner scheduler) {
        scheduler.observe(new SchedulerMetrics(registry));
    }

    /** Events ingested. */
    public void watch(EventIngestService events) {
        events.addListener(new EventMetrics(registry));
    }

    /** CES nodes (master) and replication lag (master and slave), read from the database at scrape time. */
    public void watchCes(CesConfig ces, Jdbi lenz, Clock clock, ReplicationService replication) {
        ExecutorService background = env.lifecycle().executorService("metrics-read").maxThreads(1).minThreads(1).build();
        CesMetrics.register(registry, ces, lenz, clock, replication, background);
    }

    /** The registry (tests). */
    PrometheusRegistry registry() {
        return registry;
    }
}
