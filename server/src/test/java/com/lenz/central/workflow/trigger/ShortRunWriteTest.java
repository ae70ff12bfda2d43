package com.lenz.central.workflow.trigger;

import static com.lenz.central.testing.Polling.await;
import static com.lenz.central.workflow.trigger.Triggers.create;
import static com.lenz.central.workflow.trigger.Triggers.node;
import static com.lenz.central.workflow.trigger.Triggers.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Webhook runs answering with their last node are written once, at their end, many in one commit (the
 * short-run window, here the default): every one is stored with its node results before its caller is
 * answered, and a run longer than the window is visible while it runs and can be cancelled.
 */
class ShortRunWriteTest {

    private static final String TOKEN = "short-run-token-1";
    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(TestServer.Builder::withTestPlugins);

    private static Map<String, Object> hook(List<Map<String, Object>> nodes) {
        return workflow("short runs " + System.nanoTime(), "webhook",
                Map.of("token", TOKEN, "response", "last_node", "timeout_ms", 60_000), nodes);
    }

    private static ApiClient.Response call(String workflowId, String body) {
        HttpRequest.Builder request = SERVER.server().anonymous().request("/api/hooks/" + workflowId)
                .header("Content-Type", "application/json").header("X-Webhook-Token", TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return SERVER.server().anonymous().send(request);
    }

    @Test
    void manyConcurrentRunsAreAllStoredWithTheirNodeResultsWhenAnswered() throws Exception {
        String id = create(SERVER.admin(), hook(List.of(node("greet", "echo", Map.of("text", "n={{trigger.body.n}}")),
                node("last", "set", Map.of("values", Map.of("n", "{{trigger.body.n}}"))))));
        int calls = 60;
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            List<CompletableFuture<ApiClient.Response>> answers = new ArrayList<>();
            for (int n = 0; n < calls; n++) {
                String body = "{\"n\": " + n + "}";
                answers.add(CompletableFuture.supplyAsync(() -> call(id, body), clients));
            }
            Set<String> answered = new HashSet<>();
            for (CompletableFuture<ApiClient.Response> answer : answers) {
                ApiClient.Response r = answer.get(120, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.raw()).isEqualTo(200);
                answered.add(r.json().get("data").get("n").asText());
            }
            assertThat(answered).hasSize(calls);
        } finally {
            clients.shutdownNow();
        }

        // Read right after the last answer: nothing is still on its way to the database.
        JsonNode logs = SERVER.admin().get("/api/workflows/" + id + "/logs?limit=100").json();
        assertThat(logs.get("total_data").asLong()).isEqualTo(calls);
        Set<String> stored = new HashSet<>();
        for (JsonNode run : logs.get("data")) {
            assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("success");
            assertThat(run.get("trigger_type").asText()).isEqualTo("webhook");
            assertThat(run.get("finished_at").isNull()).isFalse();
            JsonNode nodes = run.get("node_results");
            assertThat(nodes).as(run.toString()).hasSize(2);
            assertThat(nodes.get(0).get("status").asText()).isEqualTo("success");
            assertThat(nodes.get(0).get("started_at").isNull()).isFalse();
            String n = nodes.get(1).get("output").get("n").asText();
            assertThat(nodes.get(0).get("output").get("text").asText()).isEqualTo("n=" + n);
            stored.add(n);
        }
        assertThat(stored).hasSize(calls);
    }

    @Test
    void aFailedShortRunIsStoredWithItsSkippedNodesAndCanBeRetried() {
        String id = create(SERVER.admin(), hook(List.of(node("boom", "fail", Map.of("message", "camera offline")),
                node("after", "set", Map.of("values", Map.of("x", 1))))));

        ApiClient.Response r = call(id, "{\"camera\": \"cam-07\"}");

        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        String execution = r.json().get("data").get("execution_id").asText();
        JsonNode run = SERVER.admin().get("/api/workflows/" + id + "/logs/" + execution).json().get("data");
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("node_results").get(0).get("error").asText()).contains("camera offline");
        assertThat(run.get("node_results").get(1).get("status").asText()).isEqualTo("skipped");
        ApiClient.Response retry = SERVER.admin().post("/api/workflows/" + id + "/logs/" + execution + "/retry", null);
        assertThat(retry.status()).as(retry.raw()).isEqualTo(422);
        JsonNode again = retry.json().get("data");
        assertThat(again.get("retry_of").asText()).isEqualTo(execution);
        assertThat(again.get("node_results").get(0).get("error").asText()).contains("camera offline");
    }

    @Test
    void aRunLongerThanTheWindowIsVisibleWhileRunningAndCancellable() throws Exception {
        String id = create(SERVER.admin(), hook(List.of(node("greet", "echo", Map.of("text", "hi")),
                node("wait", "sleep", Map.of("ms", 120_000)))));

        CompletableFuture<ApiClient.Response> answer = CompletableFuture.supplyAsync(() -> call(id, "{}"));
        await(Duration.ofSeconds(30), "the long run listed as running", () -> {
            JsonNode data = SERVER.admin().get("/api/workflows/" + id + "/logs").json().get("data");
            return data.size() == 1 && data.get(0).get("node_results").size() == 2
                    && "running".equals(data.get(0).get("node_results").get(1).get("status").asText());
        });
        JsonNode running = SERVER.admin().get("/api/workflows/" + id + "/logs").json().get("data").get(0);
        assertThat(running.get("status").asText()).isEqualTo("running");
        assertThat(running.get("node_results").get(0).get("output").get("text").asText()).isEqualTo("hi");
        String execution = running.get("id").asText();

        ApiClient.Response cancel = SERVER.admin().post("/api/workflows/" + id + "/logs/" + execution + "/cancel", null);
        assertThat(cancel.status()).as(cancel.raw()).isIn(200, 202);
        ApiClient.Response r = answer.get(60, TimeUnit.SECONDS);
        assertThat(r.status()).as(r.raw()).isEqualTo(422);
        assertThat(r.json().get("data").get("execution_id").asText()).isEqualTo(execution);
        JsonNode ended = SERVER.admin().get("/api/workflows/" + id + "/logs/" + execution).json().get("data");
        assertThat(ended.get("status").asText()).isEqualTo("cancelled");
        assertThat(ended.get("node_results").get(1).get("status").asText()).isEqualTo("cancelled");
    }
}
