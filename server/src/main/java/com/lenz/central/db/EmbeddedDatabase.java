package com.lenz.central.db;

import io.dropwizard.lifecycle.Managed;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL 17 used when no {@code DATABASE_URL} is given: files in
 * {@code DATA_DIR/postgres} (kept across restarts), a fixed port, databases {@code lenz} and
 * {@code fremis}. Stopped on shutdown, after the connection pools (it is registered first).
 */
public final class EmbeddedDatabase implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);

    private final Path directory;
    private final int port;
    private EmbeddedPostgres postgres;

    public EmbeddedDatabase(Path directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    /** Starts the cluster (idempotent) and makes sure both databases exist. */
    public synchronized void ensureStarted() throws IOException, SQLException {
        if (postgres != null) {
            return;
        }
        Files.createDirectories(directory);
        LOG.info("starting embedded PostgreSQL in {} on port {}", directory.toAbsolutePath(), port);
        postgres = EmbeddedPostgres.builder()
                .setDataDirectory(directory)
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky's test defaults trade durability for speed; a server's data must survive a crash.
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("listen_addresses", "localhost")
                .start();
        createDatabaseIfMissing("lenz");
        createDatabaseIfMissing("fremis");
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    private void createDatabaseIfMissing(String name) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection();
             PreparedStatement exists = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, name);
            try (ResultSet rs = exists.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement create = c.createStatement()) {
                create.execute("CREATE DATABASE " + name);
                LOG.info("created database {}", name);
            }
        }
    }

    @Override
    public void start() {
        // Started early by DatabaseSetup: migrations need it before the server starts.
    }

    @Override
    public synchronized void stop() throws IOException {
        if (postgres != null) {
            LOG.info("stopping embedded PostgreSQL");
            postgres.close();
            postgres = null;
        }
    }
}
