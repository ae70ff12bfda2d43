package com.lenz.central.ces;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.ces.api.CesConfigResource;
import com.lenz.central.ces.api.CesMetricsResource;
import com.lenz.central.ces.api.PingResource;
import com.lenz.central.ces.core.CesMetricsService;
import com.lenz.central.ces.core.FederationClient;
import com.lenz.central.ces.core.HeartbeatWriter;
import com.lenz.central.ces.core.NodeIdentity;
import com.lenz.central.ces.core.ReporterHealthCheck;
import com.lenz.central.ces.core.SlaveReporter;
import com.lenz.central.ces.db.CesNodeStore;
import com.lenz.central.ces.db.EnrollmentCounter;
import com.lenz.central.ces.replication.api.ReplicationResource;
import com.lenz.central.ces.replication.core.ReplicationService;
import com.lenz.central.ces.replication.core.StoredConnections;
import com.lenz.central.ces.replication.db.ReplicationClients;
import com.lenz.central.db.SettingsStore;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;
import org.jdbi.v3.core.Jdbi;

/**
 * The CES feature: this node's identity, replication (publications on a master, subscriptions on a slave),
 * the node registry with its batched heartbeat writer on a master, federation, and a slave's reporter.
 * Built early (other features need the node's identity); {@link #register} where its managed objects
 * take their place in the start and stop order.
 */
public class CesModule {

    private final CesConfig ces;
    private final FederationConfig federation;
    private final Jdbi lenz;
    private final ObjectMapper json;
    private final Clock clock;
    private final NodeIdentity node;
    private final ReplicationClients replicationClients;
    private final ReplicationService replication;

    /**
     * Resolves this node's identity (stored in {@code server_settings} when not configured).
     *
     * @param fremisConfigured whether FREMIS_DATABASE_URL is set (see {@link ReplicationService})
     * @param credentialsKey   encrypts the connection objects replication setup keeps
     */
    public CesModule(CesConfig ces, FederationConfig federation, Jdbi lenz, Jdbi fremis, boolean fremisConfigured,
                     SettingsStore settings, String credentialsKey, ObjectMapper json, Clock clock) {
        this.ces = ces;
        this.federation = federation;
        this.lenz = lenz;
        this.json = json;
        this.clock = clock;
        this.node = NodeIdentity.resolve(ces, settings);
        this.replicationClients = new ReplicationClients(lenz);
        this.replication = new ReplicationService(ces, node, lenz, fremis, fremisConfigured,
                new StoredConnections(settings, credentialsKey), replicationClients);
    }

    /** Replication setup and status (metrics read the slave's lag through it). */
    public ReplicationService replication() {
        return replication;
    }

    /** Who this node is (executions record it as their owner's base). */
    public NodeIdentity node() {
        return node;
    }

    /**
     * Resources, the heartbeat writer, this master's own row, and on a slave the reporter and its health
     * check. Managed objects in this order: the heartbeat writer, then the reporter.
     */
    public void register(Environment env) {
        env.jersey().register(new ReplicationResource(replication));
        env.jersey().register(new PingResource());
        EnrollmentCounter enrollments = new EnrollmentCounter(lenz);
        CesNodeStore cesNodes = new CesNodeStore(lenz);
        HeartbeatWriter heartbeats = new HeartbeatWriter(cesNodes, clock);
        env.lifecycle().manage(heartbeats);
        CesMetricsService cesMetrics = new CesMetricsService(ces, node, cesNodes, heartbeats, enrollments,
                replicationClients, json, clock);
        cesMetrics.registerSelf();
        env.jersey().register(new CesConfigResource(ces));
        env.jersey().register(new CesMetricsResource(cesMetrics, new FederationClient(federation.getInstances(), json)));
        if (ces.isEnabled() && !ces.isMaster()) {
            SlaveReporter reporter = new SlaveReporter(ces, node, enrollments, json, clock);
            env.lifecycle().manage(reporter);
            env.healthChecks().register("ces-reporter", new ReporterHealthCheck(reporter, ces, clock));
        }
    }
}
