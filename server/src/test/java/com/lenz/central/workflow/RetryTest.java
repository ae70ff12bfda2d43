package com.lenz.central.workflow;

import static com.lenz.central.workflow.WorkflowBodies.node;
import static com.lenz.central.workflow.WorkflowBodies.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code POST /api/workflows/{id}/logs/{execution_id}/retry}: a new execution that reuses the stored outputs of
 * the nodes that succeeded, runs from the first that did not, with the original's trigger data; the 409s and
 * 404s. Remote services are a fake HTTP server on 127.0.0.1 that counts its calls.
 */
class RetryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "retry-hook-token-1";
    private static final AtomicInteger FIRST_CALLS = new AtomicInteger();
    private static final AtomicInteger FLAKY_CALLS = new AtomicInteger();
    private static HttpServer fake;

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(b -> b.withTestPlugins()
            .set("httpRequestAllow", "127.0.0.1/32"));

    @BeforeAll
    static void startFake() throws IOException {
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/first", ex -> answer(ex, 200, Map.of("token", "tok-" + FIRST_CALLS.incrementAndGet())));
        // Down on the first call, up from the second: what a retry is for.
        fake.createContext("/flaky", ex -> {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            if (FLAKY_CALLS.incrementAndGet() == 1) {
                answer(ex, 503, Map.of("error", "down for maintenance"));
            } else {
                answer(ex, 200, Map.of("got", JSON.readTree(body)));
            }
        });
        fake.start();
    }

    @AfterAll
    static void stopFake() {
        fake.stop(0);
    }

    private static void answer(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    private static ApiClient admin() {
        return SERVER.admin();
    }

    private static String create(Map<String, Object> body) {
        ApiClient.Response r = admin().post("/api/workflows", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().get("data").get("id").asText();
    }

    private static ApiClient.Response retry(String workflowId, String executionId) {
        return admin().post("/api/workflows/" + workflowId + "/logs/" + executionId + "/retry", null);
    }

    private static JsonNode execution(String workflowId, String executionId) {
        return admin().get("/api/workflows/" + workflowId + "/logs/" + executionId).json().get("data");
    }

    private static JsonNode awaitEnd(String workflowId, String executionId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode e = execution(workflowId, executionId);
            if (!e.get("status").asText().equals("running")) {
                return e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("execution " + executionId + " did not end");
    }

    /** The first execution of a workflow once there is one that ended. */
    private static JsonNode awaitFirstEnded(String workflowId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode e : admin().get("/api/workflows/" + workflowId + "/logs?limit=100").json().get("data")) {
                if (!e.get("status").asText().equals("running")) {
                    return e;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no execution of " + workflowId + " ended");
    }

    @Test
    void aFailedWebhookRunIsRetriedFromItsFailedNodeWithTheStoredOutputsAndTriggerData() throws Exception {
        String base = "http://127.0.0.1:" + fake.getAddress().getPort();
        String id = create(workflow("webhook retry", Map.of("type", "webhook", "config", Map.of("token", TOKEN)),
                node("prep", "echo", Map.of("who", "{{trigger.body.who}}")),
                node("fetch", "http_request", Map.of("url", base + "/first")),
                node("send", "http_request", Map.of("method", "POST", "url", base + "/flaky", "body",
                        Map.of("who", "{{nodes.prep.body.who}}", "token", "{{prev.body.body.token}}"))),
                node("done", "echo", Map.of("sent", "{{prev.body.body.got.token}}"))));
        ApiClient.Response hook = admin().send(HttpRequest.newBuilder(URI.create(SERVER.server().baseUrl() + "/api/hooks/" + id))
                .header("X-Webhook-Token", TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"who\": \"Budi\"}")));
        assertThat(hook.status()).as(hook.raw()).isEqualTo(202);
        String originalId = hook.json().get("data").get("execution_id").asText();
        JsonNode original = awaitEnd(id, originalId);
        assertThat(original.get("status").asText()).isEqualTo("failed");
        assertThat(original.get("retry_of").isNull()).isTrue();
        assertThat(original.get("node_results").get(2).get("status").asText()).isEqualTo("failed");
        assertThat(FIRST_CALLS.get()).isEqualTo(1);
        assertThat(FLAKY_CALLS.get()).isEqualTo(1);

        ApiClient.Response r = retry(id, originalId);

        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        assertThat(r.json().get("message").asText()).isEqualTo("workflow executed successfully");
        JsonNode data = r.json().get("data");
        assertThat(data.get("retry_of").asText()).isEqualTo(originalId);
        assertThat(data.get("trigger_type").asText()).isEqualTo("manual");
        assertThat(data.get("triggered_by").asText()).isEqualTo(TestServer.ADMIN_USERNAME);
        assertThat(data.get("status").asText()).isEqualTo("success");
        JsonNode nodes = data.get("node_results");
        for (int i = 0; i < 2; i++) {
            JsonNode reused = nodes.get(i);
            assertThat(reused.get("status").asText()).isEqualTo("success");
            assertThat(reused.get("reused_from").asText()).isEqualTo(originalId);
            assertThat(reused.get("output")).isEqualTo(original.get("node_results").get(i).get("output"));
            assertThat(reused.get("started_at")).isEqualTo(original.get("node_results").get(i).get("started_at"));
        }
        assertThat(FIRST_CALLS.get()).as("the node that succeeded is not run again").isEqualTo(1);
        assertThat(FLAKY_CALLS.get()).isEqualTo(2);
        // The retried node saw the original trigger body and the stored output of "fetch".
        assertThat(nodes.get(2).get("reused_from").isNull()).isTrue();
        assertThat(nodes.get(2).get("output").get("body").get("got"))
                .isEqualTo(JSON.readTree("{\"who\": \"Budi\", \"token\": \"tok-1\"}"));
        assertThat(nodes.get(3).get("output").get("sent").asText()).isEqualTo("tok-1");
        // Stored as answered, and listed with the workflow's executions.
        JsonNode stored = execution(id, data.get("id").asText());
        assertThat(stored.get("retry_of").asText()).isEqualTo(originalId);
        assertThat(stored.get("node_results").get(0).get("reused_from").asText()).isEqualTo(originalId);

        ApiClient.Response again = retry(id, data.get("id").asText());
        assertThat(again.status()).as(again.raw()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).isEqualTo("execution succeeded");
    }

    @Test
    void aChangedNodeBeforeTheFailedOneIsA409NamingItButTheFailedNodeMayBeFixed() {
        Map<String, Object> failing = workflow("fix and retry", Map.of("type", "manual"),
                node("a", "echo", Map.of("text", "one")), node("b", "echo", Map.of("text", "two")),
                node("c", "fail", Map.of("message", "boom")));
        String id = create(failing);
        String first = failedRun(id);

        // The failed node fixed: the retry reuses a and b and runs the new c.
        Map<String, Object> fixed = workflow("fix and retry", Map.of("type", "manual"),
                node("a", "echo", Map.of("text", "one")), node("b", "echo", Map.of("text", "two")),
                node("c", "echo", Map.of("text", "{{nodes.a.body.text}} {{prev.body.text}}")));
        assertThat(admin().put("/api/workflows/" + id, fixed).status()).isEqualTo(200);
        ApiClient.Response ok = retry(id, first);
        assertThat(ok.status()).as(ok.raw()).isEqualTo(200);
        assertThat(ok.json().get("data").get("node_results").get(2).get("output").get("text").asText()).isEqualTo("one two");

        // A node whose output would be reused changed: refused, naming it.
        assertThat(admin().put("/api/workflows/" + id, failing).status()).isEqualTo(200);
        String second = failedRun(id);
        Map<String, Object> changed = workflow("fix and retry", Map.of("type", "manual"),
                node("a", "echo", Map.of("text", "one")), node("b", "echo", Map.of("text", "TWO")),
                node("c", "fail", Map.of("message", "boom")));
        assertThat(admin().put("/api/workflows/" + id, changed).status()).isEqualTo(200);
        ApiClient.Response refused = retry(id, second);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.json().get("ok").asBoolean()).isFalse();
        assertThat(refused.json().get("message").asText()).isEqualTo("workflow changed");
        assertThat(refused.json().get("error").asText()).startsWith("node b (nodes[1]) changed since execution " + second);

        Map<String, Object> reordered = workflow("fix and retry", Map.of("type", "manual"),
                node("b", "echo", Map.of("text", "two")), node("a", "echo", Map.of("text", "one")),
                node("c", "fail", Map.of("message", "boom")));
        assertThat(admin().put("/api/workflows/" + id, reordered).status()).isEqualTo(200);
        ApiClient.Response moved = retry(id, second);
        assertThat(moved.status()).as(moved.raw()).isEqualTo(409);
        assertThat(moved.json().get("error").asText()).startsWith("node a (nodes[0]) was removed or moved");

        // Renaming a node changes nothing it does.
        Map<String, Object> renamed = new LinkedHashMap<>(failing);
        Map<String, Object> a = new LinkedHashMap<>(node("a", "echo", Map.of("text", "one")));
        a.put("name", "A new name");
        renamed.put("nodes", List.of(a, node("b", "echo", Map.of("text", "two")), node("c", "fail", Map.of("message", "boom"))));
        assertThat(admin().put("/api/workflows/" + id, renamed).status()).isEqualTo(200);
        ApiClient.Response afterRename = retry(id, second);
        assertThat(afterRename.status()).as(afterRename.raw()).isEqualTo(422);
        assertThat(afterRename.json().get("data").get("retry_of").asText()).isEqualTo(second);
        assertThat(afterRename.json().get("data").get("node_results").get(2).get("error").asText()).isEqualTo("boom");
    }

    private static String failedRun(String id) {
        ApiClient.Response r = admin().post("/api/workflows/" + id + "/execute", null);
        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        return r.json().get("data").get("id").asText();
    }

    @Test
    void aRunningExecutionIsA409AndACancelledOneIsRetriedWithWaitFalse() throws Exception {
        String id = create(workflow("slow", Map.of("type", "manual"), node("wait", "sleep", Map.of("ms", 60_000))));
        ApiClient.Response started = admin().post("/api/workflows/" + id + "/execute?wait=false", null);
        String running = started.json().get("data").get("id").asText();

        ApiClient.Response refused = retry(id, running);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.json().get("message").asText()).isEqualTo("execution is running");
        assertThat(refused.json().get("error").asText()).contains(running);

        assertThat(admin().post("/api/workflows/" + id + "/logs/" + running + "/cancel", null).status()).isEqualTo(200);
        ApiClient.Response accepted = admin().post("/api/workflows/" + id + "/logs/" + running + "/retry?wait=false", null);
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        assertThat(accepted.json().get("data").get("status").asText()).isEqualTo("running");
        assertThat(accepted.json().get("data").get("retry_of").asText()).isEqualTo(running);
        String retryId = accepted.json().get("data").get("id").asText();
        assertThat(admin().post("/api/workflows/" + id + "/logs/" + retryId + "/cancel", null).status()).isEqualTo(200);
        assertThat(awaitEnd(id, retryId).get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void unknownExecutionsAndExecutionsOfAnotherWorkflowAre404() {
        String id = create(workflow("one", Map.of("type", "manual"), node("c", "fail", Map.of("message", "boom"))));
        String other = create(workflow("two", Map.of("type", "manual"), node("c", "fail", Map.of("message", "boom"))));
        String failed = failedRun(id);

        ApiClient.Response unknown = retry(id, "no-such-execution");
        assertThat(unknown.status()).as(unknown.raw()).isEqualTo(404);
        assertThat(unknown.json().get("error").asText()).contains("no-such-execution");
        assertThat(retry(other, failed).status()).isEqualTo(404);
        assertThat(retry("no-such-workflow", failed).status()).isEqualTo(404);
        assertThat(retry(id, failed).status()).isEqualTo(422);
    }

    @Test
    void eventAndScheduleRunsAreRetriedWithTheirOriginalTriggerData() throws Exception {
        Map<String, Object> eventTrigger = Map.of("type", "event", "config", Map.of("analytic_type", "RETRY"));
        String events = create(workflow("event retry", eventTrigger,
                node("a", "echo", Map.of("text", "{{trigger.event.data.name}}")), node("b", "fail", Map.of("message", "x"))));
        assertThat(admin().post("/api/events", Map.of("events", List.of(Map.of("analytic_type", "RETRY", "stream_id",
                "cam-9", "event_time", "2025-04-29T07:00:00Z", "data", Map.of("name", "Sari"))))).status()).isEqualTo(200);
        JsonNode eventRun = awaitFirstEnded(events);
        assertThat(eventRun.get("status").asText()).isEqualTo("failed");
        Map<String, Object> eventFixed = workflow("event retry", eventTrigger,
                node("a", "echo", Map.of("text", "{{trigger.event.data.name}}")),
                node("b", "echo", Map.of("text", "{{trigger.event.stream_id}}/{{prev.body.text}}")));
        eventFixed.put("is_active", false);
        assertThat(admin().put("/api/workflows/" + events, eventFixed).status()).isEqualTo(200);
        ApiClient.Response eventRetry = retry(events, eventRun.get("id").asText());
        assertThat(eventRetry.status()).as(eventRetry.raw()).isEqualTo(200);
        assertThat(eventRetry.json().get("data").get("node_results").get(1).get("output").get("text").asText())
                .isEqualTo("cam-9/Sari");

        Map<String, Object> everySecond = Map.of("type", "schedule", "config", Map.of("cron", "* * * * * *"));
        String schedule = create(workflow("schedule retry", everySecond,
                node("a", "echo", Map.of("text", "{{trigger.scheduled_for}}")), node("b", "fail", Map.of("message", "x"))));
        JsonNode scheduled = awaitFirstEnded(schedule);
        Map<String, Object> scheduleFixed = workflow("schedule retry", everySecond,
                node("a", "echo", Map.of("text", "{{trigger.scheduled_for}}")),
                node("b", "echo", Map.of("again", "{{trigger.scheduled_for}}")));
        scheduleFixed.put("is_active", false);
        assertThat(admin().put("/api/workflows/" + schedule, scheduleFixed).status()).isEqualTo(200);
        ApiClient.Response scheduleRetry = retry(schedule, scheduled.get("id").asText());
        assertThat(scheduleRetry.status()).as(scheduleRetry.raw()).isEqualTo(200);
        JsonNode results = scheduleRetry.json().get("data").get("node_results");
        assertThat(results.get(1).get("output").get("again").asText())
                .isEqualTo(scheduled.get("node_results").get(0).get("output").get("text").asText())
                .isNotEmpty();
    }
}
