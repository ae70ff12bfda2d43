package com.lenz.central.workflow.api;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.auth.UserPrincipal;
import com.lenz.central.core.DomainException;
import com.lenz.central.http.Envelope;
import com.lenz.central.http.JsonBodyRules;
import com.lenz.central.http.NulCharacters;
import com.lenz.central.http.PageRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import com.lenz.central.workflow.core.Workflow;
import com.lenz.central.workflow.core.TriggerNode;
import com.lenz.central.workflow.core.WorkflowService;
import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.engine.ExecutionRetries;
import com.lenz.central.workflow.engine.ExecutionService;

/** {@code /api/workflows}: workflows, their manual execution and their execution logs. */
@Path("/api/workflows")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WorkflowResource {

    private static final long CANCEL_WAIT_SECONDS = 10;
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private final WorkflowService workflows;
    private final ExecutionService executions;
    private final ObjectMapper json;
    private final ExecutionRetries retries;

    public WorkflowResource(WorkflowService workflows, ExecutionService executions, ObjectMapper json,
                            ExecutionRetries retries) {
        this.workflows = workflows;
        this.executions = executions;
        this.json = json;
        this.retries = retries;
    }

    @GET
    public Map<String, Object> list(@QueryParam("page") String page, @QueryParam("limit") String limit,
                                    @QueryParam("search") String search) {
        PageRequest paging = PageRequest.parse(page, limit);
        String term = search == null || search.isBlank() ? null : search.trim();
        if (term != null && term.length() > 200) {
            throw DomainException.invalid("search must be at most 200 characters");
        }
        return paging.envelope("success", workflows.list(term, paging.offset(), paging.limit()), workflows.count(term));
    }

    @POST
    public Response create(JsonNode body) {
        return Response.status(201).entity(Envelope.ok("workflow created successfully", "data", workflows.create(body))).build();
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@PathParam("id") String id) {
        return Envelope.ok("success", "data", workflows.get(id));
    }

    @PUT
    @Path("/{id}")
    public Map<String, Object> replace(@PathParam("id") String id, JsonNode body) {
        return Envelope.ok("workflow updated successfully", "data", workflows.replace(id, body));
    }

    @DELETE
    @Path("/{id}")
    public Map<String, Object> delete(@PathParam("id") String id) {
        workflows.delete(id);
        return Envelope.ok("workflow deleted successfully");
    }

    /**
     * Runs the workflow now, whatever its trigger and {@code is_active}. An optional JSON object body is
     * offered to templates as {@code {{trigger.body}}}. Answers with the finished execution, or at once
     * with 202 and the running execution when {@code wait=false}.
     */
    @POST
    @Path("/{id}/execute")
    public void execute(@PathParam("id") String id, @QueryParam("wait") String wait, byte[] body,
                        @Context SecurityContext security, @Suspended AsyncResponse response) {
        boolean waitForEnd = parseWait(wait);
        Map<String, Object> trigger = new LinkedHashMap<>();
        trigger.put("body", parseBody(body));
        UserPrincipal user = (UserPrincipal) security.getUserPrincipal();
        Workflow workflow = workflows.find(id);
        ExecutionService.Started started = executions.start(workflow, TriggerNode.MANUAL, user.username(), trigger);
        if (!waitForEnd) {
            response.resume(Response.status(202)
                    .entity(Envelope.ok("workflow execution started", "data", started.execution())).build());
            return;
        }
        started.finished().thenAccept(done -> response.resume(executed(done)));
    }

    @GET
    @Path("/{id}/logs")
    public Map<String, Object> logs(@PathParam("id") String id, @QueryParam("page") String page,
                                    @QueryParam("limit") String limit) {
        PageRequest paging = PageRequest.parse(page, limit);
        workflows.find(id);
        return paging.envelope("success", executions.list(id, paging.offset(), paging.limit()), executions.count(id));
    }

    @GET
    @Path("/{id}/logs/{executionId}")
    public Map<String, Object> log(@PathParam("id") String id, @PathParam("executionId") String executionId) {
        return Envelope.ok("success", "data", executions.find(id, executionId));
    }

    /**
     * Retries a failed or cancelled execution from its first node that did not succeed (see
     * {@link ExecutionRetries}); answers as execute does.
     */
    @POST
    @Path("/{id}/logs/{executionId}/retry")
    @Consumes(MediaType.WILDCARD)
    public void retry(@PathParam("id") String id, @PathParam("executionId") String executionId,
                      @QueryParam("wait") String wait, @Context SecurityContext security,
                      @Suspended AsyncResponse response) {
        boolean waitForEnd = parseWait(wait);
        UserPrincipal user = (UserPrincipal) security.getUserPrincipal();
        ExecutionService.Started started = retries.retry(workflows.find(id), executionId, user.username());
        if (!waitForEnd) {
            response.resume(Response.status(202)
                    .entity(Envelope.ok("workflow execution started", "data", started.execution())).build());
            return;
        }
        started.finished().thenAccept(done -> response.resume(executed(done)));
    }

    /**
     * Cancels a running execution: the node running now is interrupted and the rest skipped. Waits up to
     * 10 s for it to stop; answers 202 with the execution still running when it is run by another server
     * that has not stopped it yet.
     */
    @POST
    @Path("/{id}/logs/{executionId}/cancel")
    @Consumes(MediaType.WILDCARD)
    public Response cancel(@PathParam("id") String id, @PathParam("executionId") String executionId,
                           @Context SecurityContext security) throws InterruptedException {
        UserPrincipal user = (UserPrincipal) security.getUserPrincipal();
        CompletableFuture<Execution> end = executions.cancel(id, executionId, "cancelled by user " + user.username());
        try {
            Execution done = end.get(CANCEL_WAIT_SECONDS, TimeUnit.SECONDS);
            return Response.ok(Envelope.ok("execution cancelled", "data", done)).build();
        } catch (TimeoutException | ExecutionException e) {
            end.cancel(false); // stop watching; the execution goes on until its server stops it
            return Response.status(202).entity(Envelope.ok("cancel requested", "data", executions.find(id, executionId)))
                    .build();
        }
    }

    /**
     * The finished execution: 200 when it succeeded or was cancelled, 422 with its error when it failed
     * (so that {@code ok} is false exactly when the status is a failure), the execution in {@code data}
     * either way.
     */
    private static Response executed(Execution execution) {
        if (Execution.FAILED.equals(execution.status())) {
            Map<String, Object> body = Envelope.error("workflow execution failed", execution.error());
            body.put("data", execution);
            return Response.status(422).entity(body).build();
        }
        String message = Execution.CANCELLED.equals(execution.status()) ? "workflow execution cancelled"
                : "workflow executed successfully";
        return Response.ok(Envelope.ok(message, "data", execution)).build();
    }

    private static boolean parseWait(String wait) {
        if (wait == null || wait.isBlank() || wait.equalsIgnoreCase("true")) {
            return true;
        }
        if (wait.equalsIgnoreCase("false")) {
            return false;
        }
        throw DomainException.invalid("wait must be true or false");
    }

    private Map<String, Object> parseBody(byte[] body) {
        if (body == null || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return Map.of();
        }
        JsonBodyRules.check(body);
        try {
            JsonNode node = json.readTree(body);
            if (!node.isObject()) {
                throw DomainException.invalid("request body, when given, must be a JSON object (offered to templates as {{trigger.body}})");
            }
            NulCharacters.reject(node, "");
            return json.convertValue(node, OBJECT);
        } catch (java.io.IOException e) {
            throw DomainException.invalid("malformed JSON in request body");
        }
    }
}
