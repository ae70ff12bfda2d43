package com.lenz.central.ces.replication;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

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

    public List<Client> list() {
        return lenz.withHandle(h -> h.createQuery(QUERY).map((rs, ctx) -> new Client(
                rs.getObject("pid", Integer.class), rs.getString("usename"), rs.getString("application_name"),
                rs.getString("client_addr"), rs.getObject("client_port", Integer.class), instant(rs, "backend_start"),
                rs.getString("state"), rs.getString("sent_lsn"), rs.getString("write_lsn"), rs.getString("flush_lsn"),
                rs.getString("replay_lsn"), rs.getObject("write_lag", Double.class), rs.getObject("flush_lag", Double.class),
                rs.getObject("replay_lag", Double.class), rs.getString("sync_state"), instant(rs, "reply_time"))).list());
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
