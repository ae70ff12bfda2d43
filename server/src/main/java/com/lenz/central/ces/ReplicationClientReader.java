package com.lenz.central.ces;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The rows of {@code pg_stat_replication} on the Lenz database's cluster, shaped as the reference's
 * {@code replication_clients}: LSNs as text, lags in seconds. Without {@code pg_monitor} PostgreSQL
 * hides most columns of other roles' connections; those come back as null rather than failing.
 */
public class ReplicationClientReader {

    private static final String QUERY = "SELECT pid, usename, application_name, host(client_addr) AS client_addr, "
            + "client_port, backend_start, state, sent_lsn::text AS sent_lsn, write_lsn::text AS write_lsn, "
            + "flush_lsn::text AS flush_lsn, replay_lsn::text AS replay_lsn, "
            + "extract(epoch FROM write_lag)::float8 AS write_lag, extract(epoch FROM flush_lag)::float8 AS flush_lag, "
            + "extract(epoch FROM replay_lag)::float8 AS replay_lag, sync_state, reply_time "
            + "FROM pg_stat_replication ORDER BY backend_start, pid";

    private final Jdbi jdbi;

    public ReplicationClientReader(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public List<Map<String, Object>> clients() {
        return jdbi.withHandle(h -> h.createQuery(QUERY).map((rs, ctx) -> row(rs)).list());
    }

    private static Map<String, Object> row(ResultSet rs) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("pid", rs.getObject("pid", Integer.class));
        row.put("usename", rs.getString("usename"));
        row.put("application_name", rs.getString("application_name"));
        row.put("client_addr", rs.getString("client_addr"));
        row.put("client_port", rs.getObject("client_port", Integer.class));
        row.put("backend_start", instant(rs, "backend_start"));
        row.put("state", rs.getString("state"));
        row.put("sent_lsn", rs.getString("sent_lsn"));
        row.put("write_lsn", rs.getString("write_lsn"));
        row.put("flush_lsn", rs.getString("flush_lsn"));
        row.put("replay_lsn", rs.getString("replay_lsn"));
        row.put("write_lag", rs.getObject("write_lag", Double.class));
        row.put("flush_lag", rs.getObject("flush_lag", Double.class));
        row.put("replay_lag", rs.getObject("replay_lag", Double.class));
        row.put("sync_state", rs.getString("sync_state"));
        row.put("reply_time", instant(rs, "reply_time"));
        return row;
    }

    private static Object instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
