package com.lenz.central.ces.api;

import com.lenz.central.auth.PublicEndpoint;
import com.lenz.central.http.Envelope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /api/ces/ping}: no auth, no database; for load-balancer probes. */
@Path("/api/ces/ping")
@Produces(MediaType.APPLICATION_JSON)
public class PingResource {

    private static final Map<String, Object> PONG = Map.copyOf(Envelope.ok("pong"));

    @GET
    @PublicEndpoint
    public Map<String, Object> ping() {
        return Envelope.ok("pong");
    }
}
