package com.lenz.central.ces.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.ces.CesConfig;
import com.lenz.central.ces.db.CesNodeStore;
import com.lenz.central.ces.db.EnrollmentCounter;
import com.lenz.central.ces.replication.db.ReplicationClients;
import com.lenz.central.core.DomainException;
import com.lenz.central.http.JsonBodyRules;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's side of CES monitoring: takes slaves' reports and answers the snapshot of every node
 * (this master first, with live values) and of the replication clients.
 */
public class CesMetricsService {

    private static final Logger LOG = LoggerFactory.getLogger(CesMetricsService.class);
    static final String NOT_MASTER = "node is not configured as CES master";
    static final String NOT_ENABLED = "CES is not enabled";
    static final Duration LISTING_MAX_AGE = Duration.ofSeconds(1);

    private final CesConfig config;
    private final NodeIdentity self;
    private final CesNodeStore nodes;
    private final HeartbeatWriter heartbeats;
    private final EnrollmentCounter enrollments;
    private final ReplicationClients replication;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final ApiKeyCheck apiKey;
    private final String selfCustomFields;
    // Up to a second, never longer than slaves take between two reports.
    private final ListingCache listings;

    public CesMetricsService(CesConfig config, NodeIdentity self, CesNodeStore nodes, HeartbeatWriter heartbeats,
                             EnrollmentCounter enrollments, ReplicationClients replication, ObjectMapper mapper, Clock clock) {
        this.config = config;
        this.self = self;
        this.nodes = nodes;
        this.heartbeats = heartbeats;
        this.enrollments = enrollments;
        this.replication = replication;
        this.mapper = mapper;
        this.clock = clock;
        this.apiKey = new ApiKeyCheck(config.getMasterApiKey());
        Duration interval = config.getReportInterval().toJavaDuration();
        this.listings = new ListingCache(interval.compareTo(LISTING_MAX_AGE) < 0 ? interval : LISTING_MAX_AGE);
        try {
            this.selfCustomFields = mapper.writeValueAsString(config.getCustomFields());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("ces.customFields is not a JSON object", e);
        }
    }

    /** On a master, registers its own row (keeping the date it first joined) and warns when no key is set. */
    public void registerSelf() {
        if (!config.isEnabled() || !config.isMaster()) {
            return;
        }
        nodes.registerMaster(self, selfCustomFields, enrollments.count(), clock.instant());
        listings.invalidate();
        if (!apiKey.isConfigured()) {
            LOG.warn("CES_MASTER_API_KEY is not set: this master refuses every metrics report until it is");
        }
    }

    /** {@code POST /api/ces/metrics}: checks role, key and body, then records the report. Returns the node's id. */
    public String receive(String presentedKey, byte[] body) throws IOException {
        requireMaster("failed to receive metric");
        if (!apiKey.isConfigured()) {
            throw DomainException.unauthenticated("this master has no CES_MASTER_API_KEY configured and accepts no metrics");
        }
        if (!apiKey.matches(presentedKey)) {
            throw DomainException.unauthenticated(presentedKey == null ? "missing X-API-Key header" : "invalid X-API-Key");
        }
        JsonBodyRules.check(body);
        NodeReport report = NodeReport.fromJson(mapper.readTree(body), mapper);
        if (self.id().equalsIgnoreCase(report.id())) {
            throw DomainException.invalid("field 'id' is this master's own node id (" + self.id() + ")");
        }
        try {
            if (report.id() != null) {
                heartbeats.write(report);
                return report.id();
            }
            return nodes.recordNamedReport(report, clock.instant());
        } finally {
            // Also after a failure: the statement may have committed before the error reached us.
            listings.invalidate();
        }
    }

    /**
     * {@code GET /api/ces/metrics} rendered: shared with the requests for the same search within a
     * second (see {@link ListingCache}); the role and the search are checked first, every time.
     */
    public byte[] listing(String search) {
        NameFilter.of(search);
        requireMaster("failed to retrieve CES metrics");
        return listings.get(search == null ? "" : "=" + search, () -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);
            try {
                snapshot(search).write(out);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return out.toByteArray();
        });
    }

    /** {@code GET /api/ces/metrics} on this node: every node matching {@code search} and the replication clients. */
    public MetricsSnapshot snapshot(String search) {
        Predicate<String> wanted = NameFilter.of(search);
        requireMaster("failed to retrieve CES metrics");
        Instant now = clock.instant();
        List<CesNode> known = nodes.list();
        List<CesNode> listed = new ArrayList<>(known.size() + 1);
        Instant selfSince = now;
        for (CesNode node : known) {
            if (node.id().equalsIgnoreCase(self.id())) {
                selfSince = node.createdAt();
            } else if (wanted.test(node.name())) {
                listed.add(node);
            }
        }
        if (wanted.test(self.name())) {
            // Our own row is always live: we are answering, so we are online as of now.
            listed.add(0, new CesNode(self.id(), self.name(), self.ipAddress(), enrollments.count(), true,
                    selfCustomFields, now, selfSince, now));
        }
        return new MetricsSnapshot(listed, replication.list(), now, config.getOfflineAfter().toJavaDuration(), mapper);
    }

    private void requireMaster(String message) {
        if (!config.isEnabled()) {
            throw DomainException.conflict(message, NOT_ENABLED);
        }
        if (!config.isMaster()) {
            throw DomainException.conflict(message, NOT_MASTER);
        }
    }
}
