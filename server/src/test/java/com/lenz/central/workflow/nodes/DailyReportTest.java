package com.lenz.central.workflow.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServerExtension;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reference's example workflow, "Laporan Harian Face Recognition", end to end through the API:
 * yesterday's FR events exported to CSV by the bundled plugin and sent to a fake Telegram Bot API.
 */
class DailyReportTest {

    private static final String BOT_TOKEN = "7012345678:AAE-very-secret-bot-token";
    private static final LocalDate YESTERDAY = LocalDate.now(ZoneOffset.UTC).minusDays(1);
    private static final List<String[]> CALLS = new CopyOnWriteArrayList<>(); // path, content type, body
    private static final Deque<String[]> REPLIES = new ConcurrentLinkedDeque<>(); // status, json
    // Started before the server, which is told its address and writes its log to the file.
    private static final HttpServer telegram = fakeTelegram();
    private static final Path logFile = tempLog();
    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(b -> b
            .set("plugins.settings.telegram_api_url", "http://127.0.0.1:" + telegram.getAddress().getPort())
            .set("logging.level", "DEBUG")
            .set("logging.appenders[0].type", "file")
            .set("logging.appenders[0].currentLogFilename", logFile.toString())
            .set("logging.appenders[0].archive", "false"));

    private static Path tempLog() {
        try {
            return Files.createTempFile("lenz-daily-report-", ".log");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static HttpServer fakeTelegram() {
        HttpServer telegram;
        try {
            telegram = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        telegram.createContext("/", ex -> {
            CALLS.add(new String[] {ex.getRequestURI().getPath(), ex.getRequestHeaders().getFirst("Content-Type"),
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)});
            String[] reply = REPLIES.poll();
            if (reply == null) {
                reply = new String[] {"200", "{\"ok\":true,\"result\":{\"message_id\":42,\"chat\":{\"id\":-100123}}}"};
            }
            byte[] bytes = reply[1].getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(Integer.parseInt(reply[0]), bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        telegram.start();
        return telegram;
    }

    @BeforeAll
    static void start() {
        assertThat(SERVER.admin().post("/api/credentials", Map.of("id", "cred-tg-001", "name", "Bot Laporan", "type", "telegram_bot",
                "data", Map.of("bot_token", BOT_TOKEN, "chat_id", "-100123"))).status()).isEqualTo(201);
        String day = YESTERDAY.toString();
        String before = YESTERDAY.minusDays(1).toString();
        String today = YESTERDAY.plusDays(1).toString();
        assertThat(SERVER.admin().post("/api/events", Map.of("events", List.of(
                fr(day + "T00:00:00Z", "f-1", "Budi Santoso", 0.91),
                fr(day + "T12:30:00Z", "f-2", "Siti, \"Nur\"", 0.87),
                fr(day + "T23:59:59Z", "f-3", "Andi", 0.95),
                fr(before + "T23:59:59Z", "f-9", "Day Before", 0.9),
                fr(today + "T00:00:00Z", "f-8", "Today", 0.9),
                Map.of("analytic_type", "LPR", "stream_id", "cam-01", "event_time", day + "T10:00:00Z",
                        "data", Map.of("plate", "B 1234 XY"))))).status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() throws IOException {
        telegram.stop(0);
        Files.deleteIfExists(logFile);
    }

    private static Map<String, Object> fr(String time, String faceId, String name, double similarity) {
        return Map.of("analytic_type", "FR", "stream_id", "cam-lobby", "event_time", time,
                "data", Map.of("face_id", faceId, "name", name, "similarity", similarity, "status", "whitelist",
                        "image_url", "https://lenz.example.com/img/" + faceId + ".jpg"));
    }

    /** The reference's POST /api/workflows body, with a caption template. */
    private static Map<String, Object> referenceWorkflow() {
        return Map.of(
                "name", "Laporan Harian Face Recognition",
                "description", "Ekspor riwayat Face Recognition setiap pagi lalu kirim via Telegram",
                "is_active", true,
                "trigger_node", Map.of("type", "schedule", "config", Map.of("cron", "0 0 7 * * *")),
                "nodes", List.of(
                        Map.of("id", "node-export", "type", "event_history_export", "name", "Ekspor Riwayat FR Kemarin",
                                "config", Map.of("analytic_type", "FR", "date_range", "yesterday", "format", "csv",
                                        "output_dir", "/exports/fr")),
                        Map.of("id", "node-telegram", "type", "telegram_send_attachment", "name", "Kirim Laporan ke Telegram",
                                "config", Map.of("credential_id", "cred-tg-001", "file", "{{prev.body.file_url}}",
                                        "caption", "Laporan FR harian — {{prev.body.date}}"))));
    }

    @Test
    void theDailyReportExportsYesterdaysFrEventsAndSendsThemToTelegram() throws IOException {
        ApiClient.Response created = SERVER.admin().post("/api/workflows", referenceWorkflow());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.json().get("data").get("id").asText();
        CALLS.clear();

        ApiClient.Response run = SERVER.admin().post("/api/workflows/" + id + "/execute", null);

        assertThat(run.status()).as(run.raw()).isEqualTo(200);
        assertThat(run.json().get("ok").asBoolean()).isTrue();
        assertThat(run.text("message")).isEqualTo("workflow executed successfully");
        JsonNode execution = run.json().get("data");
        assertThat(execution.get("status").asText()).isEqualTo("success");
        assertThat(execution.get("trigger_type").asText()).isEqualTo("manual");
        JsonNode export = execution.get("node_results").get(0);
        assertThat(export.get("node_id").asText()).isEqualTo("node-export");
        assertThat(export.get("node_type").asText()).isEqualTo("event_history_export");
        assertThat(export.get("status").asText()).isEqualTo("success");
        assertThat(export.get("output").get("file_url").asText()).isEqualTo("/exports/fr/" + YESTERDAY + ".csv");
        assertThat(export.get("output").get("date").asText()).isEqualTo(YESTERDAY.toString());
        assertThat(export.get("output").get("rows").asInt()).isEqualTo(3);
        assertThat(export.get("error").isNull()).isTrue();
        JsonNode send = execution.get("node_results").get(1);
        assertThat(send.get("status").asText()).isEqualTo("success");
        assertThat(send.get("output").get("message_id").asInt()).isEqualTo(42);

        assertThat(CALLS).hasSize(1);
        String[] call = CALLS.get(0);
        assertThat(call[0]).isEqualTo("/bot" + BOT_TOKEN + "/sendDocument");
        assertThat(call[1]).startsWith("multipart/form-data");
        assertThat(call[2]).contains("-100123").contains("Laporan FR harian — " + YESTERDAY)
                .contains("filename=\"" + YESTERDAY + ".csv\"")
                .contains("Budi Santoso").contains("\"Siti, \"\"Nur\"\"\"").contains("Andi")
                .doesNotContain("Day Before").doesNotContain("Today").doesNotContain("B 1234 XY");

        JsonNode logs = SERVER.admin().get("/api/workflows/" + id + "/logs").json();
        assertThat(logs.get("data").get(0).get("id").asText()).isEqualTo(execution.get("id").asText());
        assertThat(logs.get("data").get(0).get("node_results")).hasSize(2);
        assertThat(logs.get("total_data").asInt()).isEqualTo(1);
        ApiClient.Response download = SERVER.admin().get("/api/exports/fr/" + YESTERDAY + ".csv");
        assertThat(download.status()).isEqualTo(200);
        assertThat(download.raw()).contains("Budi Santoso");

        assertThat(run.raw()).doesNotContain(BOT_TOKEN);
        assertThat(logs.toString()).doesNotContain(BOT_TOKEN);
        assertThat(Files.readString(logFile)).as("the log file").contains("node-export").doesNotContain(BOT_TOKEN)
                .doesNotContain("AAE-very-secret");
    }

    @Test
    void rateLimitIsWaitedOutAndTelegramErrorsAreSurfaced() {
        String id = SERVER.admin().post("/api/workflows", referenceWorkflow()).json().get("data").get("id").asText();
        REPLIES.add(new String[] {"429", "{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 1\","
                + "\"parameters\":{\"retry_after\":1}}"});

        JsonNode retried = SERVER.admin().post("/api/workflows/" + id + "/execute", null).json().get("data");
        assertThat(retried.get("status").asText()).isEqualTo("success");

        REPLIES.add(new String[] {"400", "{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}"});
        ApiClient.Response failed = SERVER.admin().post("/api/workflows/" + id + "/execute", null);
        assertThat(failed.json().get("ok").asBoolean()).isFalse();
        JsonNode send = failed.json().get("data").get("node_results").get(1);
        assertThat(send.get("status").asText()).isEqualTo("failed");
        assertThat(send.get("error").asText()).contains("Bad Request: chat not found").doesNotContain(BOT_TOKEN);
    }

    @Test
    void pathsOutsideTheExportRootAreRefusedAtSave() {
        Map<String, Object> escapeDir = new java.util.HashMap<>(referenceWorkflow());
        List<Map<String, Object>> nodes = new ArrayList<>();
        nodes.add(Map.of("id", "node-export", "type", "event_history_export", "name", "x",
                "config", Map.of("analytic_type", "FR", "date_range", "yesterday", "output_dir", "/exports/../../etc")));
        escapeDir.put("nodes", nodes);
        Map<String, Object> escapeFile = new java.util.HashMap<>(referenceWorkflow());
        escapeFile.put("nodes", List.of(Map.of("id", "node-telegram", "type", "telegram_send_attachment", "name", "x",
                "config", Map.of("credential_id", "cred-tg-001", "file", "/etc/passwd"))));

        ApiClient.Response dir = SERVER.admin().post("/api/workflows", escapeDir);
        ApiClient.Response file = SERVER.admin().post("/api/workflows", escapeFile);

        assertThat(dir.status()).isEqualTo(400);
        assertThat(dir.text("error")).contains("output_dir");
        assertThat(file.status()).isEqualTo(400);
        assertThat(file.text("error")).contains("file");
    }
}
