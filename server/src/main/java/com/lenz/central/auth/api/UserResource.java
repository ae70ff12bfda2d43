package com.lenz.central.auth.api;

import com.lenz.central.auth.AdminOnly;
import com.lenz.central.auth.UserPrincipal;
import com.lenz.central.auth.core.User;
import com.lenz.central.auth.core.UserService;
import com.lenz.central.http.Envelope;
import com.lenz.central.http.PageRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import java.util.Map;

/** {@code /api/users}: admin only, reads included. */
@Path("/api/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@AdminOnly
public class UserResource {

    private final UserService users;

    public UserResource(UserService users) {
        this.users = users;
    }

    @POST
    public Response create(UserService.NewUser body) {
        User user = users.create(body);
        return Response.status(201).entity(Envelope.ok("user created", "data", user)).build();
    }

    @GET
    public Map<String, Object> list(@QueryParam("page") String page, @QueryParam("limit") String limit) {
        PageRequest paging = PageRequest.parse(page, limit);
        return paging.envelope("success", users.list(paging.offset(), paging.limit()), users.count());
    }

    @DELETE
    @Path("/{id}")
    public Map<String, Object> delete(@Context SecurityContext security, @PathParam("id") String id) {
        users.delete((UserPrincipal) security.getUserPrincipal(), id);
        return Envelope.ok("user deleted");
    }
}
