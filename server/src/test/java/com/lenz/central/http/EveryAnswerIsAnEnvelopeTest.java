package com.lenz.central.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.RawHttp;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Answers Jetty gives before the application sees the request (TRACE, ambiguous paths) are envelopes
 * too, whatever the method; and error texts name {@code /exports/...} paths, never the server's own.
 */
@Tag("faults")
class EveryAnswerIsAnEnvelopeTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();
    private static String token;

    @BeforeAll
    static void start() {
        token = SERVER.server().anonymous().post("/api/auth/token", Map.of("user_access", TestServer.ADMIN_USERNAME,
                "password", TestServer.ADMIN_PASSWORD)).text("access_token");
    }

    private static void assertEnvelope(RawHttp.Answer answer, int status) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).as(answer.toString()).startsWith("application/json");
        assertThat(answer.json()).as(answer.toString()).isNotNull();
        assertThat(answer.json().get("ok").asBoolean()).isFalse();
        assertThat(answer.json().get("message").asText()).isEqualTo(ErrorMessages.forStatus(status));
        assertThat(answer.json().get("error").asText()).isNotBlank();
    }

    @Test
    void traceAndTrackAre405Envelopes() {
        for (String method : List.of("TRACE", "TRACK")) {
            for (String path : List.of("/api/ces/ping", "/api/workflows", "/", "/api/no-such-route")) {
                RawHttp.Answer anonymous = RawHttp.send(SERVER.server().port(), method, path, null);
                RawHttp.Answer authorized = RawHttp.send(SERVER.server().port(), method, path, null, "Authorization: Bearer " + token);

                assertEnvelope(anonymous, 405);
                assertEnvelope(authorized, 405);
                assertThat(anonymous.json().get("error").asText()).contains(method);
            }
        }
    }

    @Test
    void ambiguousPathsAre400EnvelopesWithOrWithoutABody() {
        byte[] body = "{\"name\":\"x\"}".getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("/api/workflows/%2e%2e%2f%2e%2e%2fetc", "/api/workflows/..%2F..%2Fetc",
                "/api/credentials/a%2fb")) {
            for (String method : List.of("PUT", "DELETE", "POST", "PATCH", "GET")) {
                assertEnvelope(RawHttp.send(SERVER.server().port(), method, path, body, "Content-Type: application/json",
                        "Authorization: Bearer " + token), 400);
                assertEnvelope(RawHttp.send(SERVER.server().port(), method, path, null, "Authorization: Bearer " + token), 400);
            }
        }
    }

    @Test
    void aFailedExportNamesTheVirtualPathNeverTheServersFolder() {
        String longDir = "/exports/" + "a".repeat(300);
        ApiClient.Response created = SERVER.admin().post("/api/workflows", Map.of("name", "long export",
                "trigger_node", Map.of("type", "manual"),
                "nodes", List.of(Map.of("id", "export", "type", "event_history_export",
                        "config", Map.of("analytic_type", "FR", "date_range", "yesterday", "output_dir", longDir)))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.json().get("data").get("id").asText();

        ApiClient.Response run = SERVER.admin().post("/api/workflows/" + id + "/execute", null);

        assertThat(run.json().get("ok").asBoolean()).as(run.raw()).isFalse();
        String exportDir = Path.of(SERVER.server().setting("exportDir")).toAbsolutePath().toString();
        JsonNode execution = run.json().get("data");
        String nodeError = execution.get("node_results").get(0).get("error").asText();
        assertThat(nodeError).contains(longDir);
        for (String text : List.of(run.raw(), SERVER.admin().get("/api/workflows/" + id + "/logs").raw(),
                SERVER.admin().get("/api/workflows/" + id + "/logs/" + execution.get("id").asText()).raw())) {
            assertThat(text).doesNotContain(exportDir).doesNotContain(exportDir.replace("/tmp/", "/private/tmp/"))
                    .doesNotContain("/tmp/");
        }
    }
}
