package com.lenz.central.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The harness later tests rely on: independent clusters, and a restart that keeps data and port. */
class PgClusterTest {

    @Test
    void twoClustersAreIndependentAndARestartKeepsDataAndPort() throws SQLException {
        try (PgCluster a = PgCluster.start(Map.of("wal_retrieve_retry_interval", "200ms"));
             PgCluster b = PgCluster.start()) {
            assertThat(a.port()).isNotEqualTo(b.port());
            a.createDatabase("kept");
            a.execute("kept", "CREATE TABLE t (id int PRIMARY KEY)", "INSERT INTO t VALUES (42)");
            a.execute("postgres", "ALTER SYSTEM SET max_replication_slots = 30");

            a.restart();

            try (Connection c = a.connect("kept"); ResultSet rs = c.createStatement().executeQuery("SELECT id FROM t")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(42);
            }
            try (Connection c = a.connect("postgres");
                 ResultSet rs = c.createStatement().executeQuery("SHOW max_replication_slots")) {
                rs.next();
                assertThat(rs.getString(1)).as("a restart-only setting took effect").isEqualTo("30");
            }
            try (Connection c = b.connect("postgres");
                 ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM pg_database WHERE datname = 'kept'")) {
                rs.next();
                assertThat(rs.getInt(1)).isZero();
            }
        }
    }
}
