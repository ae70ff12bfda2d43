package com.lenz.central.lifecycle;

import java.lang.management.ManagementFactory;
import io.dropwizard.core.setup.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INFO lines that mark the phases of a start with the JVM's uptime ({@code start: <phase> at <n> ms}), so
 * that the time to the first request can be split into phases from the log alone (bench/start.sh prints
 * them). Phases that log nothing of their own (the end of the JVM's and Dropwizard's bootstrap, the end of
 * {@code run()}, Jetty accepting requests) are marked here.
 */
public final class StartMilestones {

    private static final Logger LOG = LoggerFactory.getLogger(StartMilestones.class);

    private StartMilestones() {
    }

    /** Logs {@code start: <phase> at <uptime> ms}. */
    public static void mark(String phase) {
        LOG.info("start: {} at {} ms", phase, uptimeMillis());
    }

    /** Marks the moment Jetty accepts requests (its connectors are open). */
    public static void markWhenServing(Environment env) {
        env.lifecycle().addServerLifecycleListener(server -> mark("Jetty started, accepting requests"));
    }

    /** Milliseconds since the JVM started (its own clock, from before the first class loaded). */
    public static long uptimeMillis() {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
