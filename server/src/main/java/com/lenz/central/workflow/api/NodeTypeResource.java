package com.lenz.central.workflow.api;

import com.lenz.central.http.Envelope;
import com.lenz.central.plugin.NodeType;
import com.lenz.central.plugin.NodeTypeRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /api/workflows/node-types}: the action nodes the loaded plugins provide, with their config schemas. */
@Path("/api/workflows/node-types")
@Produces(MediaType.APPLICATION_JSON)
public class NodeTypeResource {

    private final NodeTypeRegistry nodeTypes;

    public NodeTypeResource(NodeTypeRegistry nodeTypes) {
        this.nodeTypes = nodeTypes;
    }

    @GET
    public Map<String, Object> list() {
        return Envelope.ok("success", "data", nodeTypes.all().stream().map(NodeType::describe).toList());
    }
}
