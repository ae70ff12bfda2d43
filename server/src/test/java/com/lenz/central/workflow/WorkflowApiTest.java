package com.lenz.central.workflow;

import static com.lenz.central.workflow.WorkflowBodies.manual;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The workflow endpoints answer the reference's example bodies, as written, with the reference's shapes:
 * the bundled event_history_export and telegram_send_attachment nodes run against the event history and a
 * fake Telegram Bot API on localhost.
 */
class WorkflowApiTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static final String REFERENCE_POST = """
            {
              "name": "Laporan Harian Face Recognition",
              "description": "Ekspor riwayat Face Recognition setiap pagi lalu kirim via Telegram",
              "is_active": true,
              "trigger_node": {"type": "schedule", "config": {"cron": "0 0 7 * * *"}},
              "nodes": [
                {"id": "node-export", "type": "event_history_export", "name": "Ekspor Riwayat FR Kemarin",
                 "config": {"analytic_type": "FR", "date_range": "yesterday", "format": "csv", "output_dir": "/exports/fr"}},
                {"id": "node-telegram", "type": "telegram_send_attachment", "name": "Kirim Laporan ke Telegram",
                 "config": {"credential_id": "cred-tg-001", "file": "{{prev.body.file_url}}",
                            "caption": "Laporan FR harian — {{prev.body.date}}"}}
              ]
            }""";

    static final String REFERENCE_PUT = """
            {
              "name": "Laporan Harian Face Recognition",
              "description": "Nonaktifkan sementara untuk maintenance",
              "is_active": false,
              "trigger_node": {"type": "schedule", "config": {"cron": "0 0 7 * * *"}},
              "nodes": [
                {"id": "node-export", "type": "event_history_export", "name": "Ekspor Riwayat FR Kemarin",
                 "config": {"analytic_type": "FR", "date_range": "yesterday"}}
              ]
            }""";

    private static final List<String> telegramCalls = new CopyOnWriteArrayList<>();
    private static volatile String telegramReply = "{\"ok\":true,\"result\":{\"message_id\":42,\"chat\":{\"id\":-100123}}}";
    // Started before the server, which is told its address.
    private static final HttpServer telegram = fakeTelegram();
    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(b -> b.withTestPlugins()
            .set("plugins.settings.telegram_api_url", "http://127.0.0.1:" + telegram.getAddress().getPort()));

    private static HttpServer fakeTelegram() {
        HttpServer telegram;
        try {
            telegram = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        telegram.createContext("/", exchange -> {
            telegramCalls.add(exchange.getRequestURI().getPath());
            exchange.getRequestBody().readAllBytes();
            byte[] reply = telegramReply.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(telegramReply.contains("\"ok\":true") ? 200 : 400, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        telegram.start();
        return telegram;
    }

    @BeforeAll
    static void start() {
        ApiClient.Response credential = SERVER.admin().post("/api/credentials", Map.of("id", "cred-tg-001", "name", "Bot",
                "type", "telegram_bot", "data", Map.of("bot_token", BOT_TOKEN, "chat_id", "-100123")));
        assertThat(credential.status()).as(credential.toString()).isEqualTo(201);
    }

    private static final String BOT_TOKEN = "123456:secret-bot-token-abc";

    @AfterAll
    static void stop() {
        telegram.stop(0);
    }

    @Test
    void theReferencePostIsStoredAndAnsweredAsTheReferenceShows() throws Exception {
        ApiClient.Response created = SERVER.admin().post("/api/workflows", REFERENCE_POST);

        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        assertThat(created.json().get("ok").asBoolean()).isTrue();
        assertThat(created.text("message")).isEqualTo("workflow created successfully");
        JsonNode data = created.json().get("data");
        assertThat(fieldNames(data)).containsExactly("id", "name", "description", "is_active", "trigger_node", "nodes",
                "created_at", "updated_at", "max_concurrent");
        assertThat(data.get("id").asText()).matches("[0-9a-f-]{36}");
        assertThat(data.get("is_active").asBoolean()).isTrue();
        assertThat(data.get("trigger_node")).isEqualTo(JSON.readTree("{\"type\": \"schedule\", \"config\": {\"cron\": \"0 0 7 * * *\"}}"));
        assertThat(data.get("nodes")).isEqualTo(JSON.readTree(REFERENCE_POST).get("nodes"));
        assertThat(data.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(data.get("updated_at").isNull()).isTrue();

        ApiClient.Response read = SERVER.admin().get("/api/workflows/" + data.get("id").asText());
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.text("message")).isEqualTo("success");
        assertThat(read.json().get("data")).isEqualTo(data);
    }

    @Test
    void theReferencePutReplacesTheWholeWorkflow() throws Exception {
        String id = SERVER.admin().post("/api/workflows", REFERENCE_POST).json().get("data").get("id").asText();

        ApiClient.Response updated = SERVER.admin().put("/api/workflows/" + id, REFERENCE_PUT);

        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(updated.text("message")).isEqualTo("workflow updated successfully");
        JsonNode data = updated.json().get("data");
        assertThat(data.get("id").asText()).isEqualTo(id);
        assertThat(data.get("is_active").asBoolean()).isFalse();
        assertThat(data.get("description").asText()).isEqualTo("Nonaktifkan sementara untuk maintenance");
        assertThat(data.get("nodes")).isEqualTo(JSON.readTree(REFERENCE_PUT).get("nodes"));
        assertThat(data.get("updated_at").asText()).isNotEmpty();
        assertThat(SERVER.admin().get("/api/workflows/" + id).json().get("data")).isEqualTo(data);
    }

    @Test
    void listIsPagedNewestFirstAndSearchesNamesIgnoringCase() {
        String prefix = "Paging " + System.nanoTime() + " ";
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(SERVER.admin().post("/api/workflows", manual(prefix + "Kamera " + i)).json().get("data").get("id").asText());
        }

        ApiClient.Response page1 = SERVER.admin().get("/api/workflows?search=" + (prefix + "kAMERA").replace(" ", "%20") + "&limit=2");
        assertThat(page1.status()).isEqualTo(200);
        assertThat(fieldNames(page1.json())).containsExactly("ok", "message", "data", "limit", "current_page",
                "total_data", "total_page");
        assertThat(page1.text("message")).isEqualTo("success");
        assertThat(page1.json().get("limit").asInt()).isEqualTo(2);
        assertThat(page1.json().get("current_page").asInt()).isEqualTo(1);
        assertThat(page1.json().get("total_data").asInt()).isEqualTo(3);
        assertThat(page1.json().get("total_page").asInt()).isEqualTo(2);
        assertThat(ids(page1)).containsExactly(ids.get(2), ids.get(1));

        ApiClient.Response page2 = SERVER.admin().get("/api/workflows?search=" + (prefix + "kamera").replace(" ", "%20") + "&limit=2&page=2");
        assertThat(ids(page2)).containsExactly(ids.get(0));

        assertThat(SERVER.admin().get("/api/workflows?search=" + "%25%25no%20such%20workflow").json().get("total_data").asInt()).isZero();
        assertThat(SERVER.admin().get("/api/workflows?page=0").status()).isEqualTo(400);
        assertThat(SERVER.admin().get("/api/workflows?limit=abc").json().get("error").asText()).contains("limit");
    }

    @Test
    void deleteRemovesTheWorkflowAndItsLogs() {
        String id = SERVER.admin().post("/api/workflows", manual("To delete", node("a", "echo", Map.of("text", "x"))))
                .json().get("data").get("id").asText();
        String execution = SERVER.admin().post("/api/workflows/" + id + "/execute", null).json().get("data").get("id").asText();

        ApiClient.Response deleted = SERVER.admin().delete("/api/workflows/" + id);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.json()).hasSize(2);
        assertThat(deleted.text("message")).isEqualTo("workflow deleted successfully");
        assertThat(SERVER.admin().get("/api/workflows/" + id).status()).isEqualTo(404);
        assertThat(SERVER.admin().get("/api/workflows/" + id + "/logs").status()).isEqualTo(404);
        assertThat(SERVER.admin().get("/api/workflows/" + id + "/logs/" + execution).status()).isEqualTo(404);
        assertThat(SERVER.admin().delete("/api/workflows/" + id).status()).isEqualTo(404);
    }

    @Test
    void unknownIdsAre404WithTheEnvelope() {
        for (ApiClient.Response r : List.of(SERVER.admin().get("/api/workflows/nope"), SERVER.admin().put("/api/workflows/nope", REFERENCE_PUT),
                SERVER.admin().delete("/api/workflows/nope"), SERVER.admin().post("/api/workflows/nope/execute", null),
                SERVER.admin().get("/api/workflows/nope/logs"))) {
            assertThat(r.status()).as(r.toString()).isEqualTo(404);
            assertThat(r.json().get("ok").asBoolean()).isFalse();
            assertThat(r.text("error")).contains("nope");
        }
    }

    @Test
    void theReferenceWorkflowRunsAndIsAnsweredAndLoggedAsTheReferenceShows() {
        String id = SERVER.admin().post("/api/workflows", REFERENCE_POST).json().get("data").get("id").asText();
        String yesterday = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();

        ApiClient.Response executed = SERVER.admin().post("/api/workflows/" + id + "/execute", null);

        assertThat(executed.status()).as(executed.toString()).isEqualTo(200);
        assertThat(executed.json().get("ok").asBoolean()).as(executed.toString()).isTrue();
        assertThat(executed.text("message")).isEqualTo("workflow executed successfully");
        JsonNode data = executed.json().get("data");
        assertThat(fieldNames(data)).containsExactly("id", "workflow_id", "trigger_type", "status", "started_at",
                "finished_at", "node_results", "error", "triggered_by", "retry_of", "duration_ms");
        assertThat(data.get("workflow_id").asText()).isEqualTo(id);
        assertThat(data.get("trigger_type").asText()).isEqualTo("manual");
        assertThat(data.get("status").asText()).isEqualTo("success");
        assertThat(data.get("error").isNull()).isTrue();
        assertThat(data.get("triggered_by").asText()).isEqualTo(TestServer.ADMIN_USERNAME);
        assertThat(data.get("started_at").asText()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(data.get("duration_ms").isIntegralNumber()).as(data.toString()).isTrue();
        assertThat(data.get("duration_ms").asLong()).isGreaterThanOrEqualTo(0);
        JsonNode export = data.get("node_results").get(0);
        assertThat(fieldNames(export)).containsExactly("node_id", "node_type", "node_name", "status", "started_at",
                "finished_at", "output", "error", "attempts", "reused_from", "duration_ms");
        assertThat(export.get("node_id").asText()).isEqualTo("node-export");
        assertThat(export.get("node_type").asText()).isEqualTo("event_history_export");
        assertThat(export.get("node_name").asText()).isEqualTo("Ekspor Riwayat FR Kemarin");
        assertThat(export.get("output").get("file_url").asText()).isEqualTo("/exports/fr/" + yesterday + ".csv");
        assertThat(export.get("output").get("date").asText()).isEqualTo(yesterday);
        JsonNode send = data.get("node_results").get(1);
        assertThat(send.get("status").asText()).as(send.toString()).isEqualTo("success");
        assertThat(send.get("output").get("message_id").asInt()).isEqualTo(42);
        assertThat(telegramCalls).contains("/bot" + BOT_TOKEN + "/sendDocument");

        ApiClient.Response logs = SERVER.admin().get("/api/workflows/" + id + "/logs");
        assertThat(logs.status()).isEqualTo(200);
        assertThat(fieldNames(logs.json())).containsExactly("ok", "message", "data", "limit", "current_page",
                "total_data", "total_page");
        assertThat(logs.json().get("total_data").asInt()).isEqualTo(1);
        assertThat(logs.json().get("data").get(0)).isEqualTo(data);

        ApiClient.Response one = SERVER.admin().get("/api/workflows/" + id + "/logs/" + data.get("id").asText());
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().get("data")).isEqualTo(data);
    }

    @Test
    void aCredentialsSecretNeverShowsInANodesError() {
        String id = SERVER.admin().post("/api/workflows", REFERENCE_POST).json().get("data").get("id").asText();
        telegramReply = "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: bot " + BOT_TOKEN + " is blocked\"}";
        try {
            ApiClient.Response executed = SERVER.admin().post("/api/workflows/" + id + "/execute", null);

            JsonNode send = executed.json().get("data").get("node_results").get(1);
            assertThat(send.get("status").asText()).isEqualTo("failed");
            assertThat(send.get("error").asText()).contains("blocked");
            assertThat(executed.raw()).doesNotContain(BOT_TOKEN);
            assertThat(SERVER.admin().get("/api/workflows/" + id + "/logs").raw()).doesNotContain(BOT_TOKEN);
        } finally {
            telegramReply = "{\"ok\":true,\"result\":{\"message_id\":42,\"chat\":{\"id\":-100123}}}";
        }
    }

    @Test
    void logsArePagedNewestFirst() {
        String id = SERVER.admin().post("/api/workflows", manual("Logs", node("a", "echo", Map.of())))
                .json().get("data").get("id").asText();
        List<String> executions = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            executions.add(SERVER.admin().post("/api/workflows/" + id + "/execute", null).json().get("data").get("id").asText());
        }

        ApiClient.Response page = SERVER.admin().get("/api/workflows/" + id + "/logs?limit=2&page=1");

        assertThat(page.json().get("total_data").asInt()).isEqualTo(3);
        assertThat(page.json().get("total_page").asInt()).isEqualTo(2);
        assertThat(ids(page)).containsExactly(executions.get(2), executions.get(1));
        assertThat(ids(SERVER.admin().get("/api/workflows/" + id + "/logs?limit=2&page=2"))).containsExactly(executions.get(0));
    }

    @Test
    void viewersReadButCannotWriteOrExecute() {
        SERVER.admin().post("/api/users", Map.of("username", "wf-viewer", "password", "viewer-password", "name", "Viewer", "role", "viewer"));
        ApiClient viewer = SERVER.server().login("wf-viewer", "viewer-password");
        String id = SERVER.admin().post("/api/workflows", manual("Viewer", node("a", "echo", Map.of()))).json().get("data").get("id").asText();

        assertThat(viewer.get("/api/workflows/" + id).status()).isEqualTo(200);
        assertThat(viewer.get("/api/workflows/node-types").status()).isEqualTo(200);
        assertThat(viewer.post("/api/workflows/" + id + "/execute", null).status()).isEqualTo(403);
        assertThat(viewer.post("/api/workflows", manual("x")).status()).isEqualTo(403);
        assertThat(SERVER.server().anonymous().get("/api/workflows").status()).isEqualTo(401);
    }

    private static List<String> ids(ApiClient.Response page) {
        List<String> ids = new ArrayList<>();
        page.json().get("data").forEach(w -> ids.add(w.get("id").asText()));
        return ids;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
