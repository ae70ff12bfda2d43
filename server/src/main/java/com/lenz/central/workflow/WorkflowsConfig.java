package com.lenz.central.workflow;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MaxDuration;
import io.dropwizard.validation.MinDuration;
import com.lenz.central.config.CheckedConfig;
import com.lenz.central.config.ConfigProblems;
import com.lenz.central.config.SelfChecking;
import java.util.concurrent.TimeUnit;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

/** The {@code workflows} section of config.yml: how many executions run at once, and their heartbeat. */
@CheckedConfig
public class WorkflowsConfig implements SelfChecking {

    /** Executions running at the same time; more wait in a queue. */
    @Min(1) @Max(1024) @JsonProperty
    private int maxConcurrentExecutions = 16;

    /** Executions waiting for a free worker; past that a new execution is refused with 503. */
    @Min(0) @Max(1_000_000) @JsonProperty
    private int maxQueuedExecutions = 1000;

    /**
     * Threads running the attempts of nodes with {@code timeout_ms} (the others run on their execution's
     * thread); bounded so that nodes ignoring their interrupt cannot pile up threads without end.
     */
    @Min(1) @Max(4096) @JsonProperty
    private int nodeThreads = 32;

    /** How often this server stamps its running executions and looks for ones left by dead servers. */
    @NotNull @MinDuration(value = 100, unit = TimeUnit.MILLISECONDS) @MaxDuration(value = 1, unit = TimeUnit.HOURS) @JsonProperty
    private Duration heartbeatInterval = Duration.seconds(10);

    /** A running execution whose stamp is older than this was left by a dead server and is closed as failed. */
    @NotNull @MaxDuration(value = 7, unit = TimeUnit.DAYS) @JsonProperty
    private Duration staleAfter = Duration.seconds(60);

    /** On shutdown, how long running executions may go on before they are ended as failed. */
    @NotNull @MaxDuration(value = 1, unit = TimeUnit.HOURS) @JsonProperty
    private Duration shutdownGrace = Duration.seconds(30);

    /**
     * A webhook run answering with its last node that ends within this is written once, at its end, its
     * row and node results in one statement shared with other runs ending then (group commit); one still
     * running is then written as running and goes on step by step. 0 turns this off.
     */
    @NotNull @MaxDuration(value = 1, unit = TimeUnit.MINUTES) @JsonProperty
    private Duration shortRunWindow = Duration.milliseconds(250);

    public java.time.Duration getShortRunWindow() {
        return shortRunWindow.toJavaDuration();
    }

    public int getMaxConcurrentExecutions() {
        return maxConcurrentExecutions;
    }

    public int getMaxQueuedExecutions() {
        return maxQueuedExecutions;
    }

    public int getNodeThreads() {
        return nodeThreads;
    }

    public java.time.Duration getHeartbeatInterval() {
        return heartbeatInterval.toJavaDuration();
    }

    public java.time.Duration getStaleAfter() {
        return staleAfter.toJavaDuration();
    }

    public java.time.Duration getShutdownGrace() {
        return shutdownGrace.toJavaDuration();
    }

    /** The heartbeat rule ExecutionMonitor relies on, refused before anything starts. */
    @Override
    public void check(ConfigProblems problems) {
        if (staleAfter != null && heartbeatInterval != null
                && staleAfter.toMilliseconds() < 2 * heartbeatInterval.toMilliseconds()) {
            problems.add("staleAfter", "'" + staleAfter + "' must be at least twice @workflows.heartbeatInterval ("
                    + heartbeatInterval + ")");
        }
    }
}
