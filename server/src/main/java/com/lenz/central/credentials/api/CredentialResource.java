package com.lenz.central.credentials.api;

import com.lenz.central.credentials.core.CredentialService;
import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.http.Envelope;
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
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/** {@code /api/credentials}: admins write; nobody reads a credential's data back. */
@Path("/api/credentials")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class CredentialResource {

    private final CredentialService credentials;

    public CredentialResource(CredentialService credentials) {
        this.credentials = credentials;
    }

    @POST
    public Response create(JsonNode body) {
        return Response.status(201).entity(Envelope.ok("credential created", "data", credentials.create(body))).build();
    }

    @GET
    public Map<String, Object> list(@QueryParam("page") String page, @QueryParam("limit") String limit) {
        PageRequest paging = PageRequest.parse(page, limit);
        return paging.envelope("success", credentials.list(paging.offset(), paging.limit()), credentials.count());
    }

    @GET
    @Path("/{id}")
    public Map<String, Object> get(@PathParam("id") String id) {
        return Envelope.ok("success", "data", credentials.get(id));
    }

    @PUT
    @Path("/{id}")
    public Map<String, Object> update(@PathParam("id") String id, JsonNode body) {
        return Envelope.ok("credential updated", "data", credentials.update(id, body));
    }

    @DELETE
    @Path("/{id}")
    public Map<String, Object> delete(@PathParam("id") String id) {
        credentials.delete(id);
        return Envelope.ok("credential deleted");
    }
}
