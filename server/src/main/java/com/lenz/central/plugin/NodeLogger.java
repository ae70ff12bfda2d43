package com.lenz.central.plugin;

import com.lenz.central.logging.RunContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.AbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * The logger a node gets: its lines go to the logger {@code workflow.node.<type>} and start with the
 * execution's and the node's ids, so that a node's lines can be found among many concurrent runs. Each line
 * also carries {@code execution_id}, {@code workflow_id} and {@code node_id} in the MDC, also when the node
 * logs from a thread of its own.
 */
final class NodeLogger extends AbstractLogger {

    private final transient Logger target;
    private final String prefix;
    private final String workflowId;
    private final String executionId;
    private final String nodeId;

    NodeLogger(String nodeType, String workflowId, String executionId, String nodeId) {
        this.workflowId = workflowId;
        this.executionId = executionId;
        this.nodeId = nodeId;
        this.target = LoggerFactory.getLogger("workflow.node." + nodeType);
        this.name = target.getName();
        this.prefix = "[execution " + executionId + ", node " + nodeId + "] ";
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        String message = prefix + MessageFormatter.basicArrayFormat(pattern, arguments);
        try (RunContext.Scope mdc = RunContext.node(workflowId, executionId, nodeId)) {
            switch (level) {
                case ERROR -> target.error(message, throwable);
                case WARN -> target.warn(message, throwable);
                case INFO -> target.info(message, throwable);
                case DEBUG -> target.debug(message, throwable);
                default -> target.trace(message, throwable);
            }
        }
    }

    @Override
    public boolean isTraceEnabled() {
        return target.isTraceEnabled();
    }

    @Override
    public boolean isTraceEnabled(Marker marker) {
        return target.isTraceEnabled(marker);
    }

    @Override
    public boolean isDebugEnabled() {
        return target.isDebugEnabled();
    }

    @Override
    public boolean isDebugEnabled(Marker marker) {
        return target.isDebugEnabled(marker);
    }

    @Override
    public boolean isInfoEnabled() {
        return target.isInfoEnabled();
    }

    @Override
    public boolean isInfoEnabled(Marker marker) {
        return target.isInfoEnabled(marker);
    }

    @Override
    public boolean isWarnEnabled() {
        return target.isWarnEnabled();
    }

    @Override
    public boolean isWarnEnabled(Marker marker) {
        return target.isWarnEnabled(marker);
    }

    @Override
    public boolean isErrorEnabled() {
        return target.isErrorEnabled();
    }

    @Override
    public boolean isErrorEnabled(Marker marker) {
        return target.isErrorEnabled(marker);
    }
}
