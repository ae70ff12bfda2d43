package com.lenz.central.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.lenz.central.testing.TestServer;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL is no open door for other users of the machine: a password for every connection,
 * 127.0.0.1 only, a socket folder nobody else can enter, the password in a file only the server can read.
 */
class EmbeddedDatabaseSecurityTest {

    private static Path dataDir;
    private static int port;
    private static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        dataDir = Files.createTempDirectory("lenz-data-");
        // As an operator's ./data usually is: others may enter it, so only the server's own modes protect it.
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        port = freePort();
        server = TestServer.builder().embedded(port).dataDir(dataDir).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aConnectionWithoutThePasswordIsRefused() {
        assertThatThrownBy(() -> connect("postgres", "")).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> connect("postgres", "guess")).isInstanceOf(SQLException.class)
                .hasMessageContaining("password authentication failed");
    }

    @Test
    void theServersPasswordIsGeneratedIntoAFileOnlyItCanRead() throws Exception {
        Path secrets = dataDir.resolve("secrets");
        Path file = secrets.resolve("database-password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secrets))).isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        try (Connection c = connect("postgres", password()); Statement s = c.createStatement()) {
            assertThat(setting(s, "listen_addresses")).isEqualTo("127.0.0.1");
            assertThat(setting(s, "password_encryption")).isEqualTo("scram-sha-256");
            Path socketDir = Path.of(setting(s, "unix_socket_directories"));
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socketDir))).isEqualTo("rwx------");
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_hba_file_rules WHERE auth_method <> 'scram-sha-256'")) {
                rs.next();
                assertThat(rs.getInt(1)).as("pg_hba.conf lines without scram-sha-256").isZero();
            }
        }
    }

    @Test
    void anotherOsUserCannotConnect() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to run a probe as nobody");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/setpriv")), "needs setpriv");
        // A small program, run as nobody, with the JDBC driver in a folder nobody can read.
        Path probeDir = Files.createTempDirectory("lenz-probe-");
        try {
            Files.setPosixFilePermissions(probeDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path driver = Path.of(org.postgresql.Driver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Files.copy(driver, probeDir.resolve("pgjdbc.jar"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(probeDir.resolve("Probe.java"), """
                    public class Probe {
                        public static void main(String[] args) {
                            try (var c = java.sql.DriverManager.getConnection(args[0], "postgres", args[1])) {
                                System.out.println("CONNECTED");
                            } catch (Exception e) {
                                System.out.println("REFUSED " + e.getMessage());
                            }
                        }
                    }
                    """);
            for (Path p : List.of(probeDir.resolve("pgjdbc.jar"), probeDir.resolve("Probe.java"))) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
            }
            String java = ProcessHandle.current().info().command().orElse("java");
            String url = "jdbc:postgresql://127.0.0.1:" + port + "/lenz";
            for (String tried : new String[] {"", "postgres"}) {
                String out = runAsNobody(List.of(java, "-cp", probeDir.resolve("pgjdbc.jar").toString(),
                        probeDir.resolve("Probe.java").toString(), url, tried));
                assertThat(out).as("as nobody, password '" + tried + "'").contains("REFUSED").doesNotContain("CONNECTED");
            }
            // Nor can it read the password, or enter the folder of the Unix socket.
            assertThat(runAsNobody(List.of("cat", dataDir.resolve("secrets/database-password").toString())))
                    .contains("Permission denied");
            assertThat(runAsNobody(List.of("ls", dataDir.resolve("postgres").toString()))).contains("Permission denied");
        } finally {
            try (var files = Files.walk(probeDir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void aClusterOfTheOldTrustingVersionIsConvertedAtStartAndKeepsItsData(@TempDir Path oldDataDir) throws Exception {
        int oldPort = freePort();
        // What the previous version left: zonky's initdb -A trust cluster in DATA_DIR/postgres, with data.
        try (EmbeddedPostgres old = EmbeddedPostgres.builder().setDataDirectory(oldDataDir.resolve("postgres"))
                .setCleanDataDirectory(false).setPort(oldPort).start();
             Connection c = old.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE lenz");
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + oldPort + "/postgres", "postgres", "")) {
            throw new AssertionError("the old cluster should be stopped");
        } catch (SQLException expected) {
            // stopped
        }
        TestServer converted = TestServer.builder().embedded(oldPort).dataDir(oldDataDir).start();
        try {
            String url = "jdbc:postgresql://127.0.0.1:" + oldPort + "/lenz";
            assertThatThrownBy(() -> DriverManager.getConnection(url, "postgres", "")).isInstanceOf(SQLException.class);
            String password = Files.readString(oldDataDir.resolve("secrets/database-password")).trim();
            try (Connection c = DriverManager.getConnection(url, "postgres", password); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM users")) {
                rs.next();
                assertThat(rs.getInt(1)).as("the server migrated and uses the converted cluster").isEqualTo(1);
            }
            assertThat(converted.admin().get("/api/ces/ping").status()).isEqualTo(200);
        } finally {
            converted.stop();
        }
    }

    private static String runAsNobody(List<String> command) throws Exception {
        List<String> full = new java.util.ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                "--clear-groups"));
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).directory(Path.of("/").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String setting(Statement s, String name) throws SQLException {
        try (ResultSet rs = s.executeQuery("SHOW " + name)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static String password() throws IOException {
        return Files.readString(dataDir.resolve("secrets/database-password")).trim();
    }

    private static Connection connect(String user, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/lenz", user, password);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
