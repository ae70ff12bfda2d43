package com.lenz.central.workflow.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static com.lenz.central.workflow.WorkflowBodies.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServerExtension;
import com.lenz.central.workflow.WorkflowBodies;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** set, filter and delay in real workflows (README: Triggers, webhook last_node; Bundled nodes). */
class FlowNodesTest {

    private static final BlockingQueue<String> ALERTS = new LinkedBlockingQueue<>();
    private static HttpServer alerts;
    // The fake alert service is on loopback, which http_request refuses unless allowed.
    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(
            b -> b.withTestPlugins().set("httpRequestAllow", "127.0.0.1/32"));

    @BeforeAll
    static void start() throws IOException {
        alerts = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        alerts.createContext("/alert", ex -> {
            ALERTS.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        alerts.start();
    }

    @AfterAll
    static void stop() {
        alerts.stop(0);
    }

    @SafeVarargs
    private static String create(String triggerType, Map<String, Object> triggerConfig, Map<String, Object>... nodes) {
        return WorkflowBodies.create(SERVER.admin(), workflow("flow " + triggerType,
                Map.of("type", triggerType, "config", triggerConfig), nodes));
    }

    private static JsonNode lastRun(String workflowId) {
        JsonNode data = SERVER.admin().get("/api/workflows/" + workflowId + "/logs?limit=1").json().get("data");
        return data.isEmpty() ? null : data.get(0);
    }

    private static void await(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    @Test
    void frAlertFlowSendsMatchingEventsAndStopsOthersAtTheFilter() throws Exception {
        String id = create("event", Map.of("analytic_type", "FR", "stream_id", "cam-gate"),
                node("node-filter", "filter", Map.of("conditions", List.of(
                        Map.of("left", "{{trigger.event.data.similarity}}", "operator", "gte", "right", 0.8),
                        Map.of("left", "{{trigger.event.data.status}}", "operator", "eq", "right", "blacklist")))),
                node("node-message", "set", Map.of("values", Map.of("message",
                        "ALERT {{trigger.event.data.name}} at {{trigger.event.stream_id}} ({{trigger.event.data.similarity}})"))),
                node("node-send", "http_request", Map.of("method", "POST",
                        "url", "http://127.0.0.1:" + alerts.getAddress().getPort() + "/alert",
                        "body", Map.of("text", "{{prev.body.message}}"))));

        SERVER.admin().post("/api/events", Map.of("events", List.of(Map.of("analytic_type", "FR", "stream_id", "cam-gate",
                "event_time", "2025-04-29T07:00:00Z", "data", Map.of("name", "Joko", "similarity", 0.91, "status", "blacklist")))));

        String alert = ALERTS.poll(15, TimeUnit.SECONDS);
        assertThat(alert).isEqualTo("{\"text\":\"ALERT Joko at cam-gate (0.91)\"}");
        await("the matching run to end", () -> lastRun(id) != null && lastRun(id).get("status").asText().equals("success"));

        SERVER.admin().post("/api/events", Map.of("events", List.of(Map.of("analytic_type", "FR", "stream_id", "cam-gate",
                "event_time", "2025-04-29T07:01:00Z", "data", Map.of("name", "Rina", "similarity", 0.95, "status", "whitelist")))));
        await("the second run", () -> SERVER.admin().get("/api/workflows/" + id + "/logs").json().get("total_data").asInt() == 2
                && !lastRun(id).get("status").asText().equals("running"));

        JsonNode filtered = lastRun(id);
        assertThat(filtered.get("status").asText()).isEqualTo("success");
        JsonNode nodes = filtered.get("node_results");
        assertThat(nodes.get(0).get("status").asText()).isEqualTo("success");
        assertThat(nodes.get(0).get("output").get("passed").asBoolean()).isFalse();
        assertThat(nodes.get(1).get("status").asText()).isEqualTo("skipped");
        assertThat(nodes.get(1).get("error").asText()).isEqualTo("filtered out");
        assertThat(nodes.get(2).get("status").asText()).isEqualTo("skipped");
        assertThat(ALERTS.poll(500, TimeUnit.MILLISECONDS)).as("no alert for a whitelisted face").isNull();
    }

    private static ApiClient.Response hook(String id, String body) {
        return SERVER.server().anonymous().send(SERVER.server().anonymous().request("/api/hooks/" + id)
                .header("X-Webhook-Token", "flow-hook-token").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void aLastNodeWebhookAnswersWithTheSetOutputAndTimesOutOnALongDelay() throws Exception {
        String set = create("webhook", Map.of("token", "flow-hook-token", "response", "last_node"),
                node("node-set", "set", Map.of("values", Map.of("greeting", "Halo {{trigger.body.name}}",
                        "camera", "{{trigger.body.camera}}"))));
        String slow = create("webhook", Map.of("token", "flow-hook-token", "response", "last_node", "timeout_ms", 300),
                node("node-delay", "delay", Map.of("duration_ms", 1500)),
                node("node-set", "set", Map.of("values", Map.of("done", "yes"))));

        ApiClient.Response answered = hook(set, "{\"name\": \"Budi\", \"camera\": \"cam-01\"}");
        ApiClient.Response late = hook(slow, "{}");

        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.json().get("data").get("greeting").asText()).isEqualTo("Halo Budi");
        assertThat(answered.json().get("data").get("camera").asText()).isEqualTo("cam-01");
        assertThat(late.status()).isEqualTo(504);
        String executionId = late.json().get("data").get("execution_id").asText();
        await("the delayed run to finish", () -> SERVER.admin().get("/api/workflows/" + slow + "/logs/" + executionId)
                .json().get("data").get("status").asText().equals("success"));
    }

    @Test
    void cancellingDuringADelayEndsTheRunWithinASecond() throws Exception {
        String id = create("manual", Map.of(), node("node-delay", "delay", Map.of("duration_ms", 60_000)),
                node("node-set", "set", Map.of("values", Map.of("never", "reached"))));
        ApiClient.Response started = SERVER.admin().post("/api/workflows/" + id + "/execute?wait=false", null);
        assertThat(started.status()).isEqualTo(202);
        String executionId = started.json().get("data").get("id").asText();
        Thread.sleep(300);

        long start = System.nanoTime();
        ApiClient.Response cancel = SERVER.admin().post("/api/workflows/" + id + "/logs/" + executionId + "/cancel", null);
        await("the cancelled run", () -> SERVER.admin().get("/api/workflows/" + id + "/logs/" + executionId)
                .json().get("data").get("status").asText().equals("cancelled"));

        assertThat(cancel.status()).isLessThan(300);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        JsonNode run = SERVER.admin().get("/api/workflows/" + id + "/logs/" + executionId).json().get("data");
        assertThat(run.get("node_results").get(0).get("status").asText()).isEqualTo("cancelled");
        assertThat(run.get("node_results").get(1).get("status").asText()).isEqualTo("skipped");
    }

    @Test
    void invalidFlowConfigsAre400NamingTheField() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", "bad delay");
        body.put("trigger_node", Map.of("type", "manual", "config", Map.of()));
        body.put("nodes", List.of(node("node-delay", "delay", Map.of("duration_ms", 3_600_001))));
        ApiClient.Response delay = SERVER.admin().post("/api/workflows", body);
        body.put("nodes", List.of(node("node-filter", "filter", Map.of("conditions",
                List.of(Map.of("left", "a", "operator", "like", "right", "b"))))));
        ApiClient.Response filter = SERVER.admin().post("/api/workflows", body);

        assertThat(delay.status()).isEqualTo(400);
        assertThat(delay.text("error")).contains("duration_ms");
        assertThat(filter.status()).isEqualTo(400);
        assertThat(filter.text("error")).contains("operator");
    }
}
