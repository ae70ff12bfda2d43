package com.lenz.central.ces;

import com.lenz.central.ces.replication.ReplicationClients;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /api/ces/metrics}, gathered before anything is written (so a failure is
 * still a proper error) and then written field by field: with 10,000 nodes, building a map per node
 * and serializing the maps cost more than the query.
 */
public final class MetricsSnapshot implements StreamingOutput {

    static final String MESSAGE = "successfully retrieved CES metrics";

    private final List<CesNode> nodes;
    private final List<ReplicationClients.Client> replicationClients;
    private final Instant now;
    private final Duration offlineAfter;
    private final ObjectMapper mapper;

    MetricsSnapshot(List<CesNode> nodes, List<ReplicationClients.Client> replicationClients, Instant now, Duration offlineAfter,
                    ObjectMapper mapper) {
        this.nodes = nodes;
        this.replicationClients = replicationClients;
        this.now = now;
        this.offlineAfter = offlineAfter;
        this.mapper = mapper;
    }

    /** The nodes as listed, master first. */
    public List<CesNode> nodes() {
        return nodes;
    }

    public String status(CesNode node) {
        return Duration.between(node.lastHeartbeat(), now).compareTo(offlineAfter) < 0 ? "online" : "offline";
    }

    @Override
    public void write(OutputStream out) throws IOException {
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeBooleanField("ok", true);
            g.writeStringField("message", MESSAGE);
            g.writeObjectFieldStart("results");
            g.writeArrayFieldStart("metrics");
            for (CesNode node : nodes) {
                g.writeStartObject();
                g.writeStringField("id", node.id());
                g.writeStringField("name", node.name());
                g.writeStringField("ip_address", node.ipAddress());
                g.writeNumberField("total_enrollment", node.totalEnrollment());
                g.writeBooleanField("is_master", node.master());
                g.writeFieldName("custom_fields");
                g.writeRawValue(node.customFieldsJson());
                g.writeStringField("last_heartbeat", rfc3339(node.lastHeartbeat()));
                g.writeStringField("created_at", rfc3339(node.createdAt()));
                g.writeStringField("updated_at", rfc3339(node.updatedAt()));
                g.writeStringField("status", status(node));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("replication_clients");
            mapper.writeValue(g, replicationClients);
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /** As every other timestamp of the API (the mapper's Instant serializer): UTC, milliseconds at most. */
    static String rfc3339(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
