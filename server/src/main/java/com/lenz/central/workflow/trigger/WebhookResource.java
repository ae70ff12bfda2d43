package com.lenz.central.workflow.trigger;

import com.lenz.central.auth.PublicEndpoint;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
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

    public WebhookResource(WebhookService hooks) {
        this.hooks = hooks;
    }

    @POST
    @Path("/{workflow_id}")
    @Consumes(MediaType.WILDCARD)
    @PublicEndpoint
    public Response hook(@PathParam("workflow_id") String workflowId, @HeaderParam("X-Webhook-Token") String token,
            @Context HttpHeaders headers, @Context UriInfo uri, byte[] body) {
        return hooks.handle(workflowId, token, headers, uri, body);
    }
}
