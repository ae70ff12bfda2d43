package com.lenz.central.workflow;

import static com.lenz.central.workflow.WorkflowBodies.node;
import static com.lenz.central.workflow.WorkflowBodies.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.SharedPostgres;
import com.lenz.central.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The workflow field {@code max_concurrent}: validated, stored and shown; a manual run, a webhook call and a retry
 * that find the workflow full get 429; a schedule occurrence or an event that does is recorded skipped_busy.
 */
class MaxConcurrentTest {

    private static final String TOKEN = "hook-token-123456";
    private static String lenz;
    private static TestServer server;
    private static ApiClient admin;

    @BeforeAll
    static void start() {
        lenz = SharedPostgres.cluster().jdbcUrl(SharedPostgres.newDatabase("lenz"));
        String fremis = SharedPostgres.cluster().jdbcUrl(SharedPostgres.newDatabase("fremis"));
        server = TestServer.builder().withTestPlugins().databases(lenz, fremis).start();
        admin = server.admin();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, Object> limited(Map<String, Object> body, Object maxConcurrent) {
        body.put("max_concurrent", maxConcurrent);
        return body;
    }

    private static Map<String, Object> sleeper(String name, Map<String, Object> trigger, int maxConcurrent) {
        return limited(workflow(name, trigger, node("wait", "sleep", Map.of("ms", 60_000))), maxConcurrent);
    }

    private static String create(Map<String, Object> body) {
        ApiClient.Response r = admin.post("/api/workflows", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().get("data").get("id").asText();
    }

    @Test
    void maxConcurrentIsValidatedStoredAndShown() {
        for (Object bad : List.of(0, -1, 1.5, "two", true, 100_001)) {
            ApiClient.Response r = admin.post("/api/workflows", limited(workflow("bad", Map.of("type", "manual")), bad));
            assertThat(r.status()).as("max_concurrent " + bad + ": " + r.raw()).isEqualTo(400);
            assertThat(r.json().get("message").asText()).isEqualTo("invalid request");
            assertThat(r.json().get("error").asText()).startsWith("max_concurrent must be an integer from 1");
        }
        ApiClient.Response unlimited = admin.post("/api/workflows", workflow("unlimited", Map.of("type", "manual")));
        assertThat(unlimited.json().get("data").get("max_concurrent").isNull()).as(unlimited.raw()).isTrue();
        String id = create(limited(workflow("limited", Map.of("type", "manual")), 3));
        assertThat(admin.get("/api/workflows/" + id).json().get("data").get("max_concurrent").asInt()).isEqualTo(3);
        assertThat(admin.put("/api/workflows/" + id, limited(workflow("limited", Map.of("type", "manual")), null)).status())
                .isEqualTo(200);
        assertThat(admin.get("/api/workflows/" + id).json().get("data").get("max_concurrent").isNull()).isTrue();
    }

    @Test
    void aManualRunOfAFullWorkflowGets429AndAnotherAfterTheRunEnds() {
        String id = create(sleeper("manual busy", Map.of("type", "manual"), 1));
        ApiClient.Response first = admin.post("/api/workflows/" + id + "/execute?wait=false", null);
        assertThat(first.status()).as(first.raw()).isEqualTo(202);

        ApiClient.Response second = admin.post("/api/workflows/" + id + "/execute?wait=false", null);

        assertThat(second.status()).as(second.raw()).isEqualTo(429);
        assertThat(second.json().get("ok").asBoolean()).isFalse();
        assertThat(second.json().get("message").asText()).isEqualTo("workflow is busy");
        assertThat(second.json().get("error").asText()).contains("max_concurrent").contains("1 executions");
        assertThat(second.headers().firstValue("Retry-After")).hasValue("1");

        String execution = first.json().get("data").get("id").asText();
        assertThat(admin.post("/api/workflows/" + id + "/logs/" + execution + "/cancel", null).status()).isEqualTo(200);
        ApiClient.Response third = admin.post("/api/workflows/" + id + "/execute?wait=false", null);
        assertThat(third.status()).as("a slot is free again: " + third.raw()).isEqualTo(202);
        admin.post("/api/workflows/" + id + "/logs/" + third.json().get("data").get("id").asText() + "/cancel", null);
    }

    @Test
    void aWebhookCallAndARetryOfAFullWorkflowGet429() {
        String id = create(sleeper("hook busy", Map.of("type", "webhook", "config", Map.of("token", TOKEN)), 1));
        // A cancelled execution to retry later.
        ApiClient.Response cancelled = admin.post("/api/workflows/" + id + "/execute?wait=false", null);
        String cancelledId = cancelled.json().get("data").get("id").asText();
        assertThat(admin.post("/api/workflows/" + id + "/logs/" + cancelledId + "/cancel", null).status()).isEqualTo(200);

        ApiClient.Response first = hook(id);
        assertThat(first.status()).as(first.raw()).isEqualTo(202);
        ApiClient.Response second = hook(id);
        assertThat(second.status()).as(second.raw()).isEqualTo(429);
        assertThat(second.json().get("message").asText()).isEqualTo("workflow is busy");
        assertThat(second.json().get("error").asText()).contains("max_concurrent");

        ApiClient.Response retry = admin.post("/api/workflows/" + id + "/logs/" + cancelledId + "/retry?wait=false", null);
        assertThat(retry.status()).as(retry.raw()).isEqualTo(429);
        assertThat(retry.json().get("message").asText()).isEqualTo("workflow is busy");
        admin.post("/api/workflows/" + id + "/logs/" + first.json().get("data").get("execution_id").asText() + "/cancel",
                null);
    }

    private static ApiClient.Response hook(String id) {
        return admin.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/hooks/" + id))
                .header("X-Webhook-Token", TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    @Test
    void aScheduleOccurrenceThatFindsTheWorkflowFullIsRecordedSkippedBusy() throws Exception {
        String id = create(sleeper("schedule busy", Map.of("type", "schedule", "config", Map.of("cron", "* * * * * *")), 1));

        await("two occurrences skipped_busy", () -> count("SELECT count(*) FROM schedule_claims WHERE workflow_id = ? "
                + "AND outcome = 'skipped_busy'", id) >= 2);
        deactivate(id, Map.of("type", "schedule", "config", Map.of("cron", "* * * * * *")));
        // The limit decides, not the one-run-at-a-time rule of schedules without it.
        assertThat(count("SELECT count(*) FROM schedule_claims WHERE workflow_id = ? AND outcome = 'skipped_running'", id))
                .isZero();
        assertThat(count("SELECT count(*) FROM workflow_executions WHERE workflow_id = ?", id)).isEqualTo(1);
    }

    @Test
    void anEventThatFindsTheWorkflowFullIsRecordedSkippedBusy() throws Exception {
        String id = create(sleeper("event busy", Map.of("type", "event", "config", Map.of("analytic_type", "BUSY")), 1));
        List<Map<String, Object>> events = List.of(event("a"), event("b"), event("c"));

        assertThat(admin.post("/api/events", Map.of("events", events)).status()).isEqualTo(200);

        await("two events skipped_busy", () -> count("SELECT count(*) FROM event_trigger_skips WHERE workflow_id = ? "
                + "AND outcome = 'skipped_busy'", id) == 2);
        assertThat(count("SELECT count(*) FROM workflow_executions WHERE workflow_id = ?", id)).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM event_trigger_queue WHERE workflow_id = ?", id))
                .as("skipped runs leave the queue").isZero();
        deactivate(id, Map.of("type", "event", "config", Map.of("analytic_type", "BUSY")));
    }

    private static Map<String, Object> event(String name) {
        return Map.of("analytic_type", "BUSY", "stream_id", "cam-1", "event_time", "2025-04-29T07:00:00Z",
                "data", Map.of("name", name));
    }

    /** Deactivates the workflow and cancels its running executions. */
    private static void deactivate(String id, Map<String, Object> trigger) {
        Map<String, Object> body = sleeper("off", trigger, 1);
        body.put("is_active", false);
        assertThat(admin.put("/api/workflows/" + id, body).status()).isEqualTo(200);
        admin.get("/api/workflows/" + id + "/logs?limit=100").json().get("data").forEach(e -> {
            if (e.get("status").asText().equals("running")) {
                admin.post("/api/workflows/" + id + "/logs/" + e.get("id").asText() + "/cancel", null);
            }
        });
    }

    static long count(String sql, String workflowId) {
        try (Connection c = DriverManager.getConnection(lenz, "postgres", "");
             PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, workflowId);
            ResultSet rs = statement.executeQuery();
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }
}
