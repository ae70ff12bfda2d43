package com.lenz.central.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No DATABASE_URL: the server brings its own PostgreSQL, and its data outlives a restart. */
class EmbeddedDefaultTest {

    @Test
    void dataWrittenBeforeARestartIsStillThereAfter(@TempDir Path dataDir) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        TestServer server = TestServer.builder().embedded(port).dataDir(dataDir).start();
        try {
            ApiClient admin = server.admin();
            assertThat(admin.post("/api/users", Map.of("username", "survivor", "password", "survivor-pass-1",
                    "name", "Survivor", "role", "viewer")).status()).isEqualTo(201);
            assertThat(Files.isDirectory(dataDir.resolve("postgres"))).isTrue();

            assertThat(canConnect(port, dataDir)).as("the server's password opens the embedded PostgreSQL").isTrue();
            server.stop();
            assertThat(canConnect(port, dataDir)).as("embedded PostgreSQL stopped with the server").isFalse();
            server.startAgain();

            assertThat(server.login("survivor", "survivor-pass-1").get("/api/ces/ping").status()).isEqualTo(200);
            try (Connection c = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/fremis", "postgres",
                    Files.readString(dataDir.resolve("secrets/database-password")).trim());
                 ResultSet rs = c.createStatement().executeQuery(
                         "SELECT count(*) FROM information_schema.tables WHERE table_name IN ('keyspaces', 'merged_vectors')")) {
                rs.next();
                assertThat(rs.getInt(1)).as("Fremis tables created in the embedded fremis database").isEqualTo(2);
            }
        } finally {
            server.stop();
        }
    }

    private static boolean canConnect(int port, Path dataDir) {
        try (Connection ignored = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/lenz", "postgres",
                Files.readString(dataDir.resolve("secrets/database-password")).trim())) {
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
