package com.lenz.central.exports.api;

import com.lenz.central.exports.ExportPaths;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ExportResourceTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();
    private static Path exportDir;

    @BeforeAll
    static void start() throws IOException {
        exportDir = Path.of(SERVER.server().setting("exportDir"));
        Files.createDirectories(exportDir.resolve("fr"));
        Files.writeString(exportDir.resolve("fr/2025-04-29.csv"), "event_id,name\n1,Budi\n");
        Files.writeString(exportDir.getParent().resolve("outside-secret.txt"), "top secret");
    }

    @AfterAll
    static void stop() throws IOException {
        Files.deleteIfExists(exportDir.getParent().resolve("outside-secret.txt"));
    }

    @Test
    void downloadsAnExportedFile() {
        ApiClient.Response r = SERVER.admin().get("/api/exports/fr/2025-04-29.csv");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw()).isEqualTo("event_id,name\n1,Budi\n");
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(r.headers().firstValue("Content-Disposition").orElse("")).contains("2025-04-29.csv");
        assertThat(SERVER.server().anonymous().get("/api/exports/fr/2025-04-29.csv").status()).isEqualTo(401);
        assertThat(SERVER.admin().get("/api/exports/fr/2025-04-30.csv").status()).isEqualTo(404);
    }

    @Test
    void traversalIsRefusedWhateverTheEncoding() throws IOException {
        for (String path : new String[] {"/api/exports/../outside-secret.txt", "/api/exports/fr/../../outside-secret.txt",
                "/api/exports/%2e%2e/outside-secret.txt", "/api/exports/fr/%2e%2e/%2e%2e/outside-secret.txt",
                "/api/exports/..%2Foutside-secret.txt"}) {
            String response = raw("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + token() + "\r\nConnection: close\r\n\r\n");
            assertThat(response).as(path).doesNotContain("top secret").contains("\"ok\":false");
            assertThat(response.substring(9, 12)).as(path).isIn("400", "404");
        }
    }

    @Test
    void linksOutOfTheExportRootAreRefused(@TempDir Path elsewhere) throws IOException {
        Files.writeString(elsewhere.resolve("secret.csv"), "top secret");
        Files.createSymbolicLink(exportDir.resolve("link"), elsewhere);

        ApiClient.Response r = SERVER.admin().get("/api/exports/link/secret.csv");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.raw()).doesNotContain("top secret");
        assertThat(r.text("error")).contains("link");
    }

    @Test
    void virtualPathsMapOntoTheRootOnly() throws IOException {
        ExportPaths paths = new ExportPaths(exportDir);

        assertThat(paths.resolve("/exports/fr/a.csv").path()).contains(exportDir.toRealPath().resolve("fr/a.csv"));
        assertThat(paths.resolve("/tmp/a.csv").refusal()).contains("/exports/");
        assertThat(paths.resolve("/exports/../a.csv").path()).isEmpty();
        assertThat(paths.resolve("/exports/").path()).isEmpty();
    }

    private static String token() {
        ApiClient.Response r = SERVER.server().anonymous().post("/api/auth/token",
                java.util.Map.of("user_access", TestServer.ADMIN_USERNAME, "password", TestServer.ADMIN_PASSWORD));
        return r.text("access_token");
    }

    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket("localhost", SERVER.server().port())) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
