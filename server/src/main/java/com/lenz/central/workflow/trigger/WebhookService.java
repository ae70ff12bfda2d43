package com.lenz.central.workflow.trigger;

import com.lenz.central.logging.LogRedactor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.http.ApiException;
import com.lenz.central.http.Envelope;
import com.lenz.central.http.JsonBodyRules;
import com.lenz.central.throttle.AttemptThrottle;
import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.engine.ExecutionService;
import com.lenz.central.workflow.core.TriggerNode;
import com.lenz.central.workflow.core.WebhookToken;
import com.lenz.central.workflow.core.Workflow;
import com.lenz.central.workflow.db.WorkflowStore;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks a webhook call and starts its workflow. With {@code config.response: "accepted"} (default) it
 * answers 202 at once; with {@code "last_node"} it waits for the run (at most {@code config.timeout_ms},
 * default 30 s) and answers with the last node's output, 422 when the run failed, 504 when it is still
 * going (it goes on).
 */
public class WebhookService {

    static final long DEFAULT_TIMEOUT_MS = 30_000;
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

    /** Failed tokens are throttled per workflow and per client address (429 while locked, even for the right token). */
    Response handle(String workflowId, String token, String clientAddress, HttpHeaders headers, UriInfo uri, byte[] body) {
        Workflow workflow = workflows.find(workflowId)
                .filter(w -> TriggerNode.WEBHOOK.equals(w.triggerNode().type()))
                .orElseThrow(() -> ApiException.notFound("no webhook workflow with id " + workflowId));
        AttemptThrottle.Attempt attempt = tokenThrottle.start(workflow.id(), clientAddress);
        if (token == null || token.isEmpty()) {
            attempt.failed();
            throw ApiException.unauthorized("missing X-Webhook-Token header");
        }
        if (!WebhookToken.matches(token, workflow.triggerNode().config())) {
            attempt.failed();
            throw ApiException.unauthorized("invalid X-Webhook-Token");
        }
        LogRedactor.register(token);
        attempt.succeeded();
        if (!workflow.isActive()) {
            throw ApiException.conflict("workflow is not active", "workflow " + workflowId + " is not active");
        }
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("body", parse(body));
        trigger.put("headers", visibleHeaders(headers));
        trigger.put("query", query(uri));
        ExecutionService.Started started = executions.start(workflow, TriggerNode.WEBHOOK, "webhook", trigger);
        if (!"last_node".equals(workflow.triggerNode().config().get("response"))) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("execution_id", started.execution().id());
            data.put("workflow_id", workflow.id());
            data.put("status", started.execution().status());
            return Response.status(202).type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Envelope.ok("workflow triggered", "data", data)).build();
        }
        return awaitLastNode(workflow, started);
    }

    private Response awaitLastNode(Workflow workflow, ExecutionService.Started started) {
        long timeoutMs = timeoutOf(workflow);
        Execution finished;
        try {
            finished = started.finished().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            Map<String, Object> body = Envelope.error("workflow still running",
                    "the run did not finish within " + timeoutMs + " ms; it goes on");
            body.put("data", Map.of("execution_id", started.execution().id(), "status", Execution.RUNNING));
            return Response.status(504).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "server is stopping", "interrupted while waiting for the run");
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        if (!Execution.SUCCESS.equals(finished.status())) {
            Map<String, Object> body = Envelope.error("workflow execution failed",
                    finished.error() == null ? "the run ended " + finished.status() : finished.error());
            body.put("data", Map.of("execution_id", finished.id(), "status", finished.status()));
            return Response.status(422).type(MediaType.APPLICATION_JSON_TYPE).entity(body).build();
        }
        return Response.ok(Envelope.ok("workflow executed successfully", "data", lastOutput(finished.nodeResults())))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
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
            JsonNode node = json.readTree(body);
            return json.convertValue(node, Object.class);
        } catch (IOException e) {
            throw ApiException.badRequest("the webhook body must be JSON");
        }
    }

    private static Map<String, Object> visibleHeaders(HttpHeaders headers) {
        Map<String, Object> out = new LinkedHashMap<>();
        headers.getRequestHeaders().forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!lower.equals(TOKEN_HEADER) && !lower.equals("authorization") && !lower.equals("cookie")) {
                out.put(lower, values.size() == 1 ? values.get(0) : values);
            }
        });
        return out;
    }

    private static Map<String, Object> query(UriInfo uri) {
        Map<String, Object> out = new LinkedHashMap<>();
        uri.getQueryParameters().forEach((name, values) -> out.put(name, values.size() == 1 ? values.get(0) : values));
        return out;
    }
}
