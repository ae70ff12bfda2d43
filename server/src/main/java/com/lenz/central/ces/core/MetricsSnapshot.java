package com.lenz.central.ces.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.ces.replication.db.ReplicationClients;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The answer of {@code GET /api/ces/metrics}, gathered before anything is written (so a failure is
 * still a proper error) and then written field by field: with 10,000 nodes, building a map per node
 * and serializing the maps cost more than the query.
 */
public final class MetricsSnapshot implements StreamingOutput {

    static final String MESSAGE = "successfully retrieved CES metrics";
    private static final long MIN_FAST_SECOND = LocalDateTime.of(0, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    private static final long MAX_FAST_SECOND = LocalDateTime.of(10000, 1, 1, 0, 0).toEpochSecond(ZoneOffset.UTC);
    // Field names encoded once rather than checked for escapes 10,000 times a listing.
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString NAME = new SerializedString("name");
    private static final SerializedString IP_ADDRESS = new SerializedString("ip_address");
    private static final SerializedString TOTAL_ENROLLMENT = new SerializedString("total_enrollment");
    private static final SerializedString IS_MASTER = new SerializedString("is_master");
    private static final SerializedString CUSTOM_FIELDS = new SerializedString("custom_fields");
    private static final SerializedString LAST_HEARTBEAT = new SerializedString("last_heartbeat");
    private static final SerializedString CREATED_AT = new SerializedString("created_at");
    private static final SerializedString UPDATED_AT = new SerializedString("updated_at");
    private static final SerializedString STATUS = new SerializedString("status");

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

    public NodeStatus status(CesNode node) {
        return Duration.between(node.lastHeartbeat(), now).compareTo(offlineAfter) < 0 ? NodeStatus.ONLINE : NodeStatus.OFFLINE;
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
                g.writeFieldName(ID);
                g.writeString(node.id());
                g.writeFieldName(NAME);
                g.writeString(node.name());
                g.writeFieldName(IP_ADDRESS);
                g.writeString(node.ipAddress());
                g.writeFieldName(TOTAL_ENROLLMENT);
                g.writeNumber(node.totalEnrollment());
                g.writeFieldName(IS_MASTER);
                g.writeBoolean(node.master());
                g.writeFieldName(CUSTOM_FIELDS);
                g.writeRawValue(node.customFieldsJson());
                g.writeFieldName(LAST_HEARTBEAT);
                g.writeString(rfc3339(node.lastHeartbeat()));
                g.writeFieldName(CREATED_AT);
                g.writeString(rfc3339(node.createdAt()));
                g.writeFieldName(UPDATED_AT);
                g.writeString(rfc3339(node.updatedAt()));
                g.writeFieldName(STATUS);
                g.writeString(status(node).wire());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName("replication_clients");
            mapper.writeValue(g, replicationClients);
            g.writeEndObject();
            g.writeEndObject();
        }
    }

    /**
     * As every other timestamp of the API (the mapper's Instant serializer): {@code 2025-12-24T12:30:00Z},
     * UTC, whole seconds. Written by hand for the years 0 to 9999 because, 30,000 times a listing, the
     * java.time formatter was a sixth of its cost; other years go through {@code Instant.toString()}.
     */
    static String rfc3339(Instant instant) {
        long seconds = instant.getEpochSecond();
        if (seconds < MIN_FAST_SECOND || seconds >= MAX_FAST_SECOND) {
            return instant.truncatedTo(ChronoUnit.SECONDS).toString();
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(seconds, 0, ZoneOffset.UTC);
        char[] c = new char[20];
        digits(c, 0, t.getYear(), 4);
        c[4] = '-';
        digits(c, 5, t.getMonthValue(), 2);
        c[7] = '-';
        digits(c, 8, t.getDayOfMonth(), 2);
        c[10] = 'T';
        digits(c, 11, t.getHour(), 2);
        c[13] = ':';
        digits(c, 14, t.getMinute(), 2);
        c[16] = ':';
        digits(c, 17, t.getSecond(), 2);
        c[19] = 'Z';
        return new String(c);
    }

    private static void digits(char[] into, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            into[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
