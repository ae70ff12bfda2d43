package com.lenz.central.db;

import com.lenz.central.config.GeneratedSecrets;
import com.lenz.central.lifecycle.StartMilestones;
import io.dropwizard.lifecycle.Managed;
import java.io.IOException;
import java.nio.channels.FileChannel;
import com.lenz.central.security.StartupRefusedException;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL 17 used when no {@code DATABASE_URL} is given: files in
 * {@code DATA_DIR/postgres} (kept across restarts), a fixed port, databases {@code lenz} and
 * {@code fremis}. Registered first in the lifecycle so that it stops last, after the pools.
 *
 * <p>Locked down: it listens on 127.0.0.1 only, its Unix socket sits in a folder only this user can enter,
 * and every connection (TCP and socket) needs the superuser's password (SCRAM), generated once into
 * {@code DATA_DIR/secrets/database-password}. A cluster initialised by an older version (which trusted
 * every local connection) is converted at start.
 *
 * <p>zonky's binaries are used, not its {@code EmbeddedPostgres}: that one runs {@code initdb -A trust} and
 * stops the cluster from a JVM shutdown hook, which races Dropwizard's own shutdown (the database went
 * away while executions were still writing their end).
 */
public final class EmbeddedDatabase implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String SUPERUSER = "postgres";
    static final String PASSWORD_SECRET = "database-password";
    /** sockaddr_un holds 107 bytes; the socket's name adds 16 to its folder. */
    private static final int MAX_SOCKET_DIR_LENGTH = 90;
    static final String HBA = """
            # Written by Lenz Central at every start: a password (SCRAM) for every connection.
            local   all          all                    scram-sha-256
            host    all          all   127.0.0.1/32     scram-sha-256
            host    replication  all   127.0.0.1/32     scram-sha-256
            """;

    private final Path dataDir;
    private final Path directory;
    private final int port;
    private String password;
    private FileChannel lockChannel;
    private FileLock lock;
    private boolean running;

    /** @param dataDir {@code DATA_DIR}: the cluster lives in its {@code postgres} folder, the password in {@code secrets} */
    public EmbeddedDatabase(Path dataDir, int port) {
        this.dataDir = dataDir.toAbsolutePath();
        this.directory = this.dataDir.resolve("postgres");
        this.port = port;
    }

    /** Starts the cluster (idempotent) and makes sure both databases exist. */
    public synchronized void ensureStarted() throws IOException, SQLException {
        if (running) {
            return;
        }
        lockDataDirectory();
        boolean passwordExisted = Files.exists(dataDir.resolve("secrets").resolve(PASSWORD_SECRET));
        password = new GeneratedSecrets(dataDir).resolve(null, PASSWORD_SECRET);
        StartMilestones.mark("embedded PostgreSQL: preparing its binaries");
        PostgresBinaries bin = PostgresBinaries.get();
        stopOrphan(bin);
        if (!Files.exists(directory.resolve("postgresql.conf"))) {
            initdb(bin);
        } else if (!HBA.equals(readHba()) || !passwordExisted) {
            // Initialised by a version that trusted local connections (or its password file was lost):
            // give the superuser the password, then demand it.
            bin.run(List.of("postgres", "--single", "-D", directory.toString(), SUPERUSER),
                    "ALTER ROLE " + SUPERUSER + " PASSWORD '" + password + "';\n");
            Files.writeString(directory.resolve("pg_hba.conf"), HBA);
            LOG.info("embedded PostgreSQL in {}: authentication changed from trust to password", directory);
        }
        LOG.info("starting embedded PostgreSQL in {} on 127.0.0.1:{}", directory, port);
        StartMilestones.mark("embedded PostgreSQL: binaries ready, pg_ctl start");
        bin.run(List.of("pg_ctl", "-D", directory.toString(), "-l", directory.resolve("postmaster.log").toString(),
                "-o", serverOptions(), "-w", "-t", "120", "start"), null);
        StartMilestones.mark("embedded PostgreSQL accepts connections");
        running = true;
        createDatabaseIfMissing("lenz");
        createDatabaseIfMissing("fremis");
    }

    /** One server per cluster: a second server on the same DATA_DIR would stop the first one's database. */
    private void lockDataDirectory() throws IOException {
        if (lock != null) {
            return;
        }
        Files.createDirectories(dataDir);
        lockChannel = FileChannel.open(dataDir.resolve("postgres.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            lock = null;
        }
        if (lock == null) {
            lockChannel.close();
            lockChannel = null;
            // One line, no stack trace: this is what `db migrate` or `reset-admin` meet while the server runs.
            throw new StartupRefusedException("DATA_DIR " + dataDir + " is in use: a running Lenz Central has its"
                    + " embedded PostgreSQL; stop that server first (or give this one its own DATA_DIR)");
        }
    }

    /**
     * A postmaster still running on our files while we hold the lock was left by a server that was killed
     * (kill -9, OOM killer): it may run with another version's settings, so it is stopped and started afresh.
     */
    private void stopOrphan(PostgresBinaries bin) throws IOException {
        Path pidFile = directory.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        Optional<Long> pid = Files.readAllLines(pidFile, StandardCharsets.UTF_8).stream().findFirst()
                .map(String::trim).filter(line -> line.matches("\\d{1,10}")).map(Long::valueOf);
        boolean alive = pid.flatMap(ProcessHandle::of).map(ProcessHandle::isAlive).orElse(false);
        if (!alive) {
            return; // a stale pid file: PostgreSQL itself ignores it
        }
        LOG.warn("embedded PostgreSQL (pid {}) was left running by a server that did not stop; stopping it and "
                + "starting it again", pid.get());
        bin.run(List.of("pg_ctl", "-D", directory.toString(), "-m", "fast", "-w", "-t", "60", "stop"), null);
    }

    private void initdb(PostgresBinaries bin) throws IOException {
        Files.createDirectories(directory.getParent());
        Path pwfile = dataDir.resolve("secrets").resolve(".initdb-password");
        Files.deleteIfExists(pwfile);
        Files.createFile(pwfile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(pwfile, password + "\n");
            bin.run(List.of("initdb", "-D", directory.toString(), "-U", SUPERUSER, "-E", "UTF-8",
                    "--auth=scram-sha-256", "--pwfile=" + pwfile), null);
        } finally {
            Files.deleteIfExists(pwfile);
        }
        Files.writeString(directory.resolve("pg_hba.conf"), HBA);
        LOG.info("created embedded PostgreSQL cluster in {}", directory);
    }

    private String readHba() throws IOException {
        Path hba = directory.resolve("pg_hba.conf");
        return Files.exists(hba) ? Files.readString(hba) : "";
    }

    /** {@code postgres -c ...} as pg_ctl passes them on through a shell. */
    private String serverOptions() throws IOException {
        List<String> options = new ArrayList<>(List.of("-p", Integer.toString(port),
                "-c", "listen_addresses=127.0.0.1",
                "-c", "unix_socket_directories=" + quoted(socketDirectory().toString()),
                "-c", "password_encryption=scram-sha-256",
                // a server's data must survive a crash (zonky's test defaults did not)
                "-c", "fsync=on", "-c", "synchronous_commit=on",
                "-c", "timezone=UTC", "-c", "max_connections=300"));
        return String.join(" ", options);
    }

    /** The data folder itself (mode 0700, PostgreSQL insists) unless its path is too long for a socket. */
    private Path socketDirectory() throws IOException {
        if (directory.toString().length() <= MAX_SOCKET_DIR_LENGTH) {
            return directory;
        }
        return Files.createTempDirectory("lenz-pg-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    }

    private static String quoted(String path) {
        if (path.contains("'")) {
            throw new IllegalStateException("DATA_DIR may not contain a quote: " + path);
        }
        return "'" + path + "'";
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return SUPERUSER;
    }

    public String password() {
        return password;
    }

    private void createDatabaseIfMissing(String name) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, password);
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
        if (running) {
            LOG.info("stopping embedded PostgreSQL");
            PostgresBinaries.get().run(List.of("pg_ctl", "-D", directory.toString(), "-m", "fast", "-w", "-t", "60",
                    "stop"), null);
            running = false;
        }
        if (lock != null) {
            lock.release();
            lockChannel.close();
            lock = null;
            lockChannel = null;
        }
    }
}
