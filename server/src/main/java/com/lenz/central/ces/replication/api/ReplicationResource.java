package com.lenz.central.ces.replication.api;

import com.lenz.central.ces.replication.core.ReplicationService;
import com.lenz.central.http.Envelope;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code /api/ces/replication}: status for any user, setup for admins. */
@Path("/api/ces/replication")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ReplicationResource {

    private final ReplicationService replication;

    public ReplicationResource(ReplicationService replication) {
        this.replication = replication;
    }

    @GET
    @Path("/status")
    public Map<String, Object> status() {
        return Envelope.ok("replication status retrieved", "result", replication.status());
    }

    @POST
    @Path("/setup")
    public Map<String, Object> setup(SetupRequest body) {
        SetupRequest request = body == null ? SetupRequest.EMPTY : body;
        return Envelope.ok("replication setup completed", "result", replication.setup(request.fremisLocal(), request.lenzMaster(), request.fremisMaster()));
    }
}
