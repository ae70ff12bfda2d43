package com.lenz.central.logging;

import java.util.Map;
import java.util.concurrent.Callable;
import org.slf4j.MDC;

/**
 * The MDC keys every line logged during a workflow run carries ({@code execution_id}, {@code workflow_id},
 * {@code node_id}, and {@code request_id} when an API request started the run), whichever thread logs it:
 * the execution's, a node thread, or a node's own logger.
 */
public final class RunContext {

    public static final String EXECUTION_ID = "execution_id";
    public static final String WORKFLOW_ID = "workflow_id";
    public static final String NODE_ID = "node_id";
    /** The id of the request being served (the {@code X-Request-Id} answered), and of the runs it starts. */
    public static final String REQUEST_ID = "request_id";

    private RunContext() {
    }

    /** Restores the MDC as it was when it was opened. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /** The id of the request this thread serves, or null (a schedule, an event). */
    public static String requestId() {
        return MDC.get(REQUEST_ID);
    }

    /**
     * Puts the execution's ids (and no node id) until the scope closes, with the id of the request that
     * started it (null: none).
     */
    public static Scope execution(String workflowId, String executionId, String requestId) {
        Scope scope = put(workflowId, executionId, null);
        if (requestId == null) {
            MDC.remove(REQUEST_ID);
        } else {
            MDC.put(REQUEST_ID, requestId);
        }
        return scope;
    }

    /** Puts the ids of one node of an execution until the scope closes. */
    public static Scope node(String workflowId, String executionId, String nodeId) {
        return put(workflowId, executionId, nodeId);
    }

    /** The node now running on this thread's execution (the execution's ids are already there). */
    public static void enterNode(String nodeId) {
        MDC.put(NODE_ID, nodeId);
    }

    /** Between nodes and after the last one. */
    public static void leaveNode() {
        MDC.remove(NODE_ID);
    }

    /** {@code task} run on another thread with the MDC of the calling thread (restored afterwards). */
    public static <T> Callable<T> carry(Callable<T> task) {
        Map<String, String> context = MDC.getCopyOfContextMap();
        return () -> {
            Map<String, String> before = MDC.getCopyOfContextMap();
            if (context == null) {
                MDC.clear();
            } else {
                MDC.setContextMap(context);
            }
            try {
                return task.call();
            } finally {
                restore(before);
            }
        };
    }

    private static Scope put(String workflowId, String executionId, String nodeId) {
        Map<String, String> before = MDC.getCopyOfContextMap();
        MDC.put(EXECUTION_ID, executionId);
        MDC.put(WORKFLOW_ID, workflowId);
        if (nodeId == null) {
            MDC.remove(NODE_ID);
        } else {
            MDC.put(NODE_ID, nodeId);
        }
        return () -> restore(before);
    }

    private static void restore(Map<String, String> before) {
        if (before == null) {
            MDC.clear();
        } else {
            MDC.setContextMap(before);
        }
    }
}
