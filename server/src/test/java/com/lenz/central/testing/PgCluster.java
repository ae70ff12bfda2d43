package com.lenz.central.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real PostgreSQL 17 cluster for tests (zonky): its own temporary folder and random port. Can be
 * restarted on the same folder and port, which is how tests see settings that need a restart.
 */
public final class PgCluster implements AutoCloseable {

    private final Path directory;
    private final int port;
    private final Map<String, String> serverConfig;
    private EmbeddedPostgres postgres;

    private PgCluster(Path directory, int port, Map<String, String> serverConfig) {
        this.directory = directory;
        this.port = port;
        this.serverConfig = serverConfig;
    }

    /** A new cluster with zonky's fast test defaults. */
    public static PgCluster start() {
        return start(Map.of());
    }

    /** A new cluster with extra {@code postgres -c} settings (never wal_level: that must stay ALTER SYSTEM's). */
    public static PgCluster start(Map<String, String> serverConfig) {
        try {
            PgCluster cluster = new PgCluster(Files.createTempDirectory("lenz-pg-"), freePort(),
                    new LinkedHashMap<>(serverConfig));
            cluster.boot();
            return cluster;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void boot() throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(directory.resolve("data"))
                .setCleanDataDirectory(false)
                .setPort(port);
        serverConfig.forEach(builder::setServerConfig);
        postgres = builder.start();
    }

    /** Stops the cluster and starts it again on the same data folder and port. */
    public void restart() {
        try {
            postgres.close();
            boot();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the cluster, keeping its files, so that it can be {@link #restart() restarted}. */
    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a {@link #stop() stopped} cluster again on the same data folder and port (an outage ends). */
    public void startAgain() {
        try {
            boot();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The cluster's data folder (postgresql.conf, pg_hba.conf, ...). */
    public Path dataDirectory() {
        return directory.resolve("data");
    }

    /**
     * Replaces pg_hba.conf and reloads, e.g. to demand passwords (zonky's initdb trusts everyone). Keep a
     * {@code trust} line for postgres on host connections: the harness connects as postgres over TCP.
     */
    public void replaceHba(String content) {
        try {
            Files.writeString(dataDirectory().resolve("pg_hba.conf"), content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        execute("postgres", "SELECT pg_reload_conf()");
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** Creates a database (owned by postgres) and returns its JDBC URL. */
    public String createDatabase(String name) {
        execute("postgres", "CREATE DATABASE " + name);
        return jdbcUrl(name);
    }

    /** Runs statements as the superuser on {@code database}, outside any transaction. */
    public void execute(String database, String... statements) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    /** A superuser connection to {@code database}; the caller closes it. */
    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "");
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // best effort
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temp folder left behind is harmless
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
