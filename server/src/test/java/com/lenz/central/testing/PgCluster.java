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

    /**
     * A streaming standby of this cluster, as an operator makes one with the same binaries: this cluster
     * is stopped cleanly, its data folder copied (with a physical slot {@code name} so that no WAL the
     * standby needs is recycled), started again, and the copy started on its own port with
     * {@code standby.signal} and {@code primary_conninfo} (application_name {@code name}, which
     * {@code synchronous_standby_names} can name). {@code extraConfig} adds settings to the standby only.
     */
    public PgCluster startStandby(String name, Map<String, String> extraConfig) {
        try {
            execute("postgres", "SELECT pg_create_physical_replication_slot('" + name + "')");
            stop();
            Path copy = Files.createTempDirectory("lenz-pg-standby-");
            Path data = copy.resolve("data");
            try (Stream<Path> files = Files.walk(dataDirectory())) {
                for (Path source : (Iterable<Path>) files::iterator) {
                    Path target = data.resolve(dataDirectory().relativize(source).toString());
                    // Attributes too: PostgreSQL refuses a data folder others may read.
                    if (Files.isDirectory(source) || !source.getFileName().toString().equals("epg-lock")
                            && !source.getFileName().toString().equals("postmaster.pid")) {
                        Files.copy(source, target, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
                    }
                }
            }
            startAgain();
            Files.writeString(data.resolve("standby.signal"), "");
            Files.writeString(data.resolve("postgresql.auto.conf"), "\nprimary_conninfo = 'host=127.0.0.1 port=" + port
                    + " user=postgres dbname=postgres application_name=" + name + "'\nprimary_slot_name = '" + name + "'\n",
                    java.nio.file.StandardOpenOption.APPEND);
            Map<String, String> config = new LinkedHashMap<>(serverConfig);
            config.putAll(extraConfig);
            PgCluster standby = new PgCluster(copy, freePort(), config);
            standby.boot();
            return standby;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Crashes the cluster as a power cut or {@code kill -9} would: an immediate shutdown (SIGQUIT to the
     * postmaster), no checkpoint, every connection cut. Its files stay; it is not started again.
     */
    public void crash() {
        try {
            long pid = Long.parseLong(Files.readAllLines(dataDirectory().resolve("postmaster.pid")).get(0).trim());
            new ProcessBuilder("kill", "-QUIT", Long.toString(pid)).inheritIO().start().waitFor();
            ProcessHandle.of(pid).ifPresent(p -> p.onExit().orTimeout(30, java.util.concurrent.TimeUnit.SECONDS).join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Promotes a standby to primary ({@code pg_promote()}, waiting until it accepts writes). */
    public void promote() {
        execute("postgres", "SELECT pg_promote(true, 60)");
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
        } catch (IOException | RuntimeException ignored) { // a crashed cluster has nothing left to stop
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
