package com.lenz.central.logging;

import ch.qos.logback.access.jetty.RequestLogImpl;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.util.StatusPrinter;
import ch.qos.logback.core.status.StatusUtil;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * logback-access prints every status of the request log's context (its version check included) to stdout
 * at each start unless it is quiet, a dozen lines that are no log lines (they break a JSON log). Made quiet
 * before the server starts, it prints them after the start only when one is a warning or an error, so a
 * real problem with the request log is still shown.
 */
public final class RequestLogStatus implements LifeCycle.Listener {

    @Override
    public void lifeCycleStarting(LifeCycle event) {
        if (event instanceof Server server && server.getRequestLog() instanceof RequestLogImpl log) {
            log.setQuiet(true);
        }
    }

    @Override
    public void lifeCycleStarted(LifeCycle event) {
        if (event instanceof Server server && server.getRequestLog() instanceof RequestLogImpl log
                && new StatusUtil(log).getHighestLevel(0) >= Status.WARN) {
            StatusPrinter.print(log.getStatusManager());
        }
    }
}
