package com.lenz.central.metrics;

import com.lenz.central.ces.CesConfig;
import com.lenz.central.ces.replication.core.ReplicationReport;
import com.lenz.central.ces.replication.core.ReplicationService;
import com.lenz.central.ces.replication.core.SlaveStatusReport;
import com.lenz.central.ces.replication.core.SubscriptionState;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import org.jdbi.v3.core.Jdbi;

/**
 * CES at scrape time, each read cached 10 s and failing soft (no samples while the database is down):
 * on a master the nodes online and offline, and the lag of every replication slot (each slave's
 * subscription has its own); on a slave the lag of each of its subscriptions.
 */
final class CesMetrics {

    private static final long TTL_MILLIS = 10_000;

    /** Master: bytes of WAL the slot's subscriber has not confirmed, and the streaming client's replay lag. */
    private static final String MASTER_LAG = """
            SELECT s.slot_name, s.active,
                   pg_wal_lsn_diff(pg_current_wal_lsn(), COALESCE(s.confirmed_flush_lsn, s.restart_lsn))::float8 AS lag_bytes,
                   COALESCE(EXTRACT(EPOCH FROM r.replay_lag), 0)::float8 AS lag_seconds
            FROM pg_replication_slots s LEFT JOIN pg_stat_replication r ON r.pid = s.active_pid
            ORDER BY s.slot_name""";

    /** Slave: time since the master last confirmed the apply worker's position (keepalives included). */
    private static final String SLAVE_LAG = """
            SELECT subname, EXTRACT(EPOCH FROM (now() - latest_end_time))::float8 AS lag_seconds
            FROM pg_stat_subscription WHERE relid IS NULL AND latest_end_time IS NOT NULL""";

    private record Slot(String name, boolean active, double lagBytes, Double lagSeconds) {
    }

    private CesMetrics() {
    }

    static void register(PrometheusRegistry registry, CesConfig ces, Jdbi lenz, Clock clock,
                         ReplicationService replication, ExecutorService background) {
        if (!ces.isEnabled()) {
            return;
        }
        if (ces.isMaster()) {
            registerMaster(registry, ces, lenz, clock);
        } else {
            registerSlave(registry, lenz, replication, background);
        }
    }

    private static void registerMaster(PrometheusRegistry registry, CesConfig ces, Jdbi lenz, Clock clock) {
        // This master's own row is always online (it is answering); slaves by their last heartbeat.
        Cached<long[]> nodes = new Cached<>("CES nodes", TTL_MILLIS, () -> lenz.withHandle(h -> h.createQuery(
                        "SELECT count(*) FILTER (WHERE is_master OR last_heartbeat > :since), "
                                + "count(*) FILTER (WHERE NOT is_master AND last_heartbeat <= :since) FROM ces_nodes")
                .bind("since", Timestamp.from(clock.instant().minus(ces.getOfflineAfter().toJavaDuration())))
                .map((rs, ctx) -> new long[]{rs.getLong(1), rs.getLong(2)}).one()), null);
        GaugeWithCallback.builder().name("lenz_ces_nodes")
                .help("CES nodes this master knows, by status (online: heard from within CES_OFFLINE_AFTER)")
                .labelNames("status").callback(callback -> {
                    long[] counts = nodes.get();
                    if (counts != null) {
                        callback.call(counts[0], "online");
                        callback.call(counts[1], "offline");
                    }
                }).register(registry);

        Cached<List<Slot>> slots = new Cached<>("replication slots", TTL_MILLIS, () -> lenz.withHandle(h -> h
                .createQuery(MASTER_LAG).map((rs, ctx) -> new Slot(rs.getString("slot_name"), rs.getBoolean("active"),
                        rs.getDouble("lag_bytes"), rs.getBoolean("active") ? rs.getDouble("lag_seconds") : null))
                .list()), null);
        GaugeWithCallback.builder().name("lenz_replication_lag_bytes")
                .help("Master: WAL bytes a replication slot's subscriber (one per slave and database) has not confirmed")
                .labelNames("slot").callback(callback -> each(slots, s -> callback.call(s.lagBytes(), s.name())))
                .register(registry);
        GaugeWithCallback.builder().name("lenz_replication_lag_seconds")
                .help("Master: replay lag of the client streaming from the slot (absent while none is connected)")
                .labelNames("slot").callback(callback -> each(slots, s -> {
                    if (s.lagSeconds() != null) {
                        callback.call(s.lagSeconds(), s.name());
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("lenz_replication_slot_active")
                .help("Master: 1 while a client streams from the slot, 0 while it is disconnected")
                .labelNames("slot").callback(callback -> each(slots, s -> callback.call(s.active() ? 1 : 0, s.name())))
                .register(registry);
    }

    private static void registerSlave(PrometheusRegistry registry, Jdbi lenz, ReplicationService replication,
                                      ExecutorService background) {
        // Bytes are measured on the master (the replication status does it): read in the background, so
        // that a master out of reach never holds a scrape.
        Cached<List<SlaveStatusReport.Subscription>> status = new Cached<>("replication status", TTL_MILLIS, () -> {
            ReplicationReport report = replication.status();
            return report instanceof SlaveStatusReport slave ? slave.subscriptions() : List.of();
        }, background);
        Cached<Map<String, Double>> seconds = new Cached<>("subscription lag", TTL_MILLIS, () -> lenz.withHandle(h -> {
            Map<String, Double> out = new HashMap<>();
            h.createQuery(SLAVE_LAG).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getDouble(2)))
                    .forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        }), null);
        GaugeWithCallback.builder().name("lenz_replication_lag_bytes")
                .help("Slave: WAL bytes of the master this subscription has not confirmed (measured on the master)")
                .labelNames("subscription").callback(callback -> each(status, s -> {
                    if (s.lagBytes() != null) {
                        callback.call(s.lagBytes(), s.name());
                    }
                })).register(registry);
        GaugeWithCallback.builder().name("lenz_replication_lag_seconds")
                .help("Slave: time since the master last confirmed this subscription's position")
                .labelNames("subscription").callback(callback -> {
                    Map<String, Double> lags = seconds.get();
                    if (lags != null) {
                        lags.forEach((name, lag) -> callback.call(Math.max(0, lag), name));
                    }
                }).register(registry);
        GaugeWithCallback.builder().name("lenz_replication_subscription_streaming")
                .help("Slave: 1 while the subscription streams, 0 otherwise (missing, disabled, down, initializing)")
                .labelNames("subscription").callback(callback -> each(status, s ->
                        callback.call(s.state() == SubscriptionState.STREAMING ? 1 : 0, s.name())))
                .register(registry);
    }

    private static <T> void each(Cached<List<T>> cached, java.util.function.Consumer<T> action) {
        List<T> values = cached.get();
        if (values != null) {
            values.forEach(action);
        }
    }
}
