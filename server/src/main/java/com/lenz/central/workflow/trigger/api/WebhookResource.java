package com.lenz.central.workflow.trigger.api;

import com.lenz.central.auth.PublicEndpoint;
import com.lenz.central.http.Tarpit;
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

/**
 * {@code POST /api/hooks/{workflow_id}}: starts a webhook-triggered workflow. No bearer
 * token: the caller proves itself with {@code X-Webhook-Token}, the workflow's {@code config.token}.
 */
@Path("/api/hooks")
@Produces(MediaType.APPLICATION_JSON)
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
        tarpit.answer(async, () -> hooks.handle(workflowId, token, clientAddress, headers, uri, body));
    }
}
