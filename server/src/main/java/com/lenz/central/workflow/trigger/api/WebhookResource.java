package com.lenz.central.workflow.trigger.api;

import com.lenz.central.http.AnyQueryParameters;
import com.lenz.central.auth.PublicEndpoint;
import com.lenz.central.http.Envelope;
import com.lenz.central.http.Tarpit;
import com.lenz.central.workflow.trigger.core.WebhookOutcome;
import com.lenz.central.workflow.trigger.core.WebhookService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.AsyncResponse;
import jakarta.ws.rs.container.Suspended;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /api/hooks/{workflow_id}}: starts a webhook-triggered workflow. No bearer
 * token: the caller proves itself with {@code X-Webhook-Token}, the workflow's {@code config.token}.
 */
@Path("/api/hooks")
@Produces(MediaType.APPLICATION_JSON)
@AnyQueryParameters // the query string is the caller's data ({{trigger.query}}), never refused
public class WebhookResource {

    private final WebhookService hooks;
    private final Tarpit tarpit;

    public WebhookResource(WebhookService hooks, Tarpit tarpit) {
        this.hooks = hooks;
        this.tarpit = tarpit;
    }

    @POST
    @Path("/{workflow_id}")
    @Consumes(MediaType.WILDCARD)
    @PublicEndpoint
    public void hook(@PathParam("workflow_id") String workflowId, @HeaderParam("X-Webhook-Token") String token,
            @Context HttpHeaders headers, @Context UriInfo uri, @Context HttpServletRequest request, byte[] body,
            @Suspended AsyncResponse async) {
        // asynchronous only so that a throttled call (429) is answered after a pause without holding a thread
        String clientAddress = request.getRemoteAddr();
        tarpit.answer(async, () -> answer(hooks.handle(workflowId, token, clientAddress, headers.getRequestHeaders(),
                uri.getQueryParameters(), body)));
    }

    /** 202 started, 200 with the last node's output, 422 when the run failed, 504 while it goes on. */
    static Response answer(WebhookOutcome outcome) {
        if (outcome instanceof WebhookOutcome.Accepted accepted) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("execution_id", accepted.executionId());
            data.put("workflow_id", accepted.workflowId());
            data.put("status", accepted.status());
            return json(202, Envelope.ok("workflow triggered", "data", data));
        }
        if (outcome instanceof WebhookOutcome.Failed failed) {
            Map<String, Object> body = Envelope.error("workflow execution failed", failed.error());
            body.put("data", Map.of("execution_id", failed.executionId(), "status", failed.status()));
            return json(422, body);
        }
        if (outcome instanceof WebhookOutcome.StillRunning running) {
            Map<String, Object> body = Envelope.error("workflow still running",
                    "the run did not finish within " + running.timeoutMs() + " ms; it goes on");
            body.put("data", Map.of("execution_id", running.executionId(), "status", running.status()));
            return json(504, body);
        }
        return json(200, Envelope.ok("workflow executed successfully", "data", ((WebhookOutcome.Finished) outcome).output()));
    }

    private static Response json(int status, Object entity) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(entity).build();
    }
}
