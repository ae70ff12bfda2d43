package com.lenz.central.ces.replication.db;

import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.reflect.ConstructorMapper;

/**
 * The replication clients of the Lenz database's cluster ({@code pg_stat_replication}): one row per
 * WAL sender, i.e. per subscription of every slave. Without superuser or {@code pg_monitor} PostgreSQL
 * hides state and positions (they come back null).
 */
public class ReplicationClients {

    /** One WAL sender, fields as {@code replication_clients} of the API reference; lags in seconds. */
    public record Client(Integer pid, String usename, String applicationName, String clientAddr, Integer clientPort,
                         Instant backendStart, String state, String sentLsn, String writeLsn, String flushLsn,
                         String replayLsn, Double writeLag, Double flushLag, Double replayLag, String syncState,
                         Instant replyTime) {
    }

    private static final String QUERY = "SELECT pid, usename, application_name, host(client_addr) AS client_addr, "
            + "client_port, backend_start, state, sent_lsn::text, write_lsn::text, flush_lsn::text, replay_lsn::text, "
            + "EXTRACT(EPOCH FROM write_lag)::float8 AS write_lag, EXTRACT(EPOCH FROM flush_lag)::float8 AS flush_lag, "
            + "EXTRACT(EPOCH FROM replay_lag)::float8 AS replay_lag, sync_state, reply_time "
            + "FROM pg_stat_replication ORDER BY application_name, pid";

    private final Jdbi lenz;

    public ReplicationClients(Jdbi lenz) {
        this.lenz = lenz;
    }

    /** Columns named as the record's components (snake_case): Jdbi maps them, timestamps as {@link Instant}. */
    public List<Client> list() {
        return lenz.withHandle(h -> h.createQuery(QUERY).map(ConstructorMapper.of(Client.class)).list());
    }
}
