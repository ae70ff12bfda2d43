package com.lenz.central.openapi;

import com.lenz.central.auth.PublicEndpoint;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.glassfish.jersey.server.ExtendedResourceContext;

/** {@code GET /api/openapi.json}: the API reference, generated from the resources Jersey serves. */
@Path("/api/openapi.json")
public class OpenApiResource {

    private volatile String document;

    @GET
    @PublicEndpoint
    @Produces(MediaType.APPLICATION_JSON)
    @ApiResponse(responseCode = "200", description = "this document (OpenAPI 3)",
            content = @Content(schema = @Schema(type = "object", description = "an OpenAPI 3 document")))
    public Response openApi(@Context ExtendedResourceContext resources) {
        String json = document;
        if (json == null) {
            // Built once, at the first request: by then every module has registered its resources.
            synchronized (this) {
                if (document == null) {
                    document = OpenApiDocument.json(resources.getResourceModel());
                }
                json = document;
            }
        }
        return Response.ok(json, MediaType.APPLICATION_JSON_TYPE).build();
    }
}
