package com.lenz.central.lifecycle;

import com.lenz.central.workflow.engine.ExecutionService;
import java.time.Duration;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * Runs first when the server is asked to stop (SIGTERM), before Jetty closes its connectors and before any
 * {@code Managed} stops: running executions are drained while the API still answers (new executions get a
 * 503 envelope, a waiting {@code execute} gets its result) and while the database is certainly there.
 * The rest of the shutdown then follows Dropwizard's order: connectors, then managed objects in reverse
 * order of registration, the embedded PostgreSQL last.
 */
public final class ShutdownDrain implements LifeCycle.Listener {

    private final ExecutionService executions;
    private final Duration grace;

    public ShutdownDrain(ExecutionService executions, Duration grace) {
        this.executions = executions;
        this.grace = grace;
    }

    @Override
    public void lifeCycleStopping(LifeCycle event) {
        try {
            executions.drain(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
