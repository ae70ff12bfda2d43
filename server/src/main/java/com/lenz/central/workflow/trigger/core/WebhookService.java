package com.lenz.central.workflow.trigger.core;

import com.lenz.central.logging.LogRedactor;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.core.DomainException;
import com.lenz.central.http.JsonBodyRules;
import com.lenz.central.throttle.AttemptThrottle;
import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.engine.ExecutionService;
import com.lenz.central.workflow.core.TriggerNode;
import com.lenz.central.workflow.core.WebhookToken;
import com.lenz.central.workflow.core.Workflow;
import com.lenz.central.workflow.db.WorkflowStore;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks a webhook call and starts its workflow. With {@code config.response: "accepted"} (default) the
 * outcome is the started run at once; with {@code "last_node"} it waits for the run (at most
 * {@code config.timeout_ms}, default 30 s): the last node's output, the failure, or "still running" (it
 * goes on). The endpoint turns the {@link WebhookOutcome} into the answer.
 */
public class WebhookService {

    static final long DEFAULT_TIMEOUT_MS = 30_000;
    /**
     * A workflow read for a call serves the calls of the next 200 ms (its token, trigger and nodes): a change
     * made through another server sharing the database applies within that; one made here, at once.
     */
    private static final java.time.Duration WORKFLOW_REUSE = java.time.Duration.ofMillis(200);
    private static final String TOKEN_HEADER = "x-webhook-token";

    private final WorkflowStore workflows;
    private final ExecutionService executions;
    private final ObjectMapper json;
    private final AttemptThrottle tokenThrottle;

    public WebhookService(WorkflowStore workflows, ExecutionService executions, ObjectMapper json,
            AttemptThrottle tokenThrottle) {
        this.workflows = workflows;
        this.executions = executions;
        this.json = json;
        this.tokenThrottle = tokenThrottle;
    }

    /** Failed tokens are throttled per workflow and per client address (refused while locked, even for the right token). */
    public WebhookOutcome handle(String workflowId, String token, String clientAddress, Map<String, List<String>> headers,
            Map<String, List<String>> query, byte[] body) {
        Workflow workflow = workflows.findRecent(workflowId, WORKFLOW_REUSE)
                .filter(w -> TriggerType.WEBHOOK.is(w.triggerNode().type()))
                .orElseThrow(() -> DomainException.notFound("no webhook workflow with id " + workflowId));
        AttemptThrottle.Attempt attempt = tokenThrottle.start(workflow.id(), clientAddress);
        if (token == null || token.isEmpty()) {
            attempt.failed();
            throw DomainException.unauthenticated("missing X-Webhook-Token header");
        }
        if (!WebhookToken.matches(token, workflow.triggerNode().config())) {
            attempt.failed();
            throw DomainException.unauthenticated("invalid X-Webhook-Token");
        }
        LogRedactor.register(token);
        attempt.succeeded();
        if (!workflow.isActive()) {
            throw DomainException.conflict("workflow is not active", "workflow " + workflowId + " is not active");
        }
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("body", parse(body));
        trigger.put("headers", visibleHeaders(headers));
        trigger.put("query", query(query));
        if (!"last_node".equals(workflow.triggerNode().config().get("response"))) {
            ExecutionService.Started started = executions.start(workflow, TriggerType.WEBHOOK.wire(), "webhook", trigger);
            return new WebhookOutcome.Accepted(started.execution().id(), workflow.id(), started.execution().status());
        }
        // The caller learns the execution's id only with the answer: a short run is written once, at its end.
        return awaitLastNode(workflow, executions.startAwaited(workflow, TriggerType.WEBHOOK.wire(), "webhook", trigger));
    }

    private WebhookOutcome awaitLastNode(Workflow workflow, ExecutionService.Started started) {
        long timeoutMs = timeoutOf(workflow);
        Execution finished;
        try {
            try {
                finished = started.finished().get(timeoutMs, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                // The answer gives out the id: the run must be readable (and cancellable) from now on.
                if (executions.writeNow(started.execution().id())) {
                    return new WebhookOutcome.StillRunning(started.execution().id(), Execution.RUNNING, timeoutMs);
                }
                finished = started.finished().get(); // its end is being committed now
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw DomainException.unavailable("server is stopping", "interrupted while waiting for the run");
        } catch (ExecutionException e) {
            // The run could not be stored (the database is away): answered as any request meeting an outage.
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        if (!Execution.SUCCESS.equals(finished.status())) {
            return new WebhookOutcome.Failed(finished.id(), finished.status(),
                    finished.error() == null ? "the run ended " + finished.status() : finished.error());
        }
        return new WebhookOutcome.Finished(lastOutput(finished.nodeResults()));
    }

    /** The output of the last node that succeeded (a filter that stopped the run is that node). */
    static Object lastOutput(List<Execution.NodeRun> nodes) {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            if (Execution.SUCCESS.equals(nodes.get(i).status())) {
                return nodes.get(i).output();
            }
        }
        return Map.of();
    }

    private static long timeoutOf(Workflow workflow) {
        Object timeout = workflow.triggerNode().config().get("timeout_ms");
        return timeout instanceof Number n ? n.longValue() : DEFAULT_TIMEOUT_MS;
    }

    private Object parse(byte[] body) {
        if (body == null || body.length == 0) {
            return Map.of();
        }
        JsonBodyRules.check(body);
        try {
            return json.readValue(body, Object.class); // straight to maps and lists, no tree in between
        } catch (IOException e) {
            throw DomainException.invalid("the webhook body must be JSON");
        }
    }

    private static Map<String, Object> visibleHeaders(Map<String, List<String>> headers) {
        Map<String, Object> out = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals(TOKEN_HEADER) && !lower.equals("authorization") && !lower.equals("cookie")) {
                out.put(lower, values.size() == 1 ? values.get(0) : values);
            }
        });
        return out;
    }

    private static Map<String, Object> query(Map<String, List<String>> query) {
        Map<String, Object> out = new LinkedHashMap<>();
        query.forEach((name, values) -> out.put(name, values.size() == 1 ? values.get(0) : values));
        return out;
    }
}
