package com.lenz.central.workflow;

import static com.lenz.central.workflow.WorkflowBodies.manual;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static com.lenz.central.workflow.WorkflowBodies.with;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Running workflows: templates between nodes, failures, retries, timeouts, cancellation, wait=false. */
class ExecutionTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(b -> b.withTestPlugins()
            .set("plugins.settings.vendor_greeting", "hello from config.yml"));

    @SafeVarargs
    private static String create(Map<String, Object>... nodes) {
        return WorkflowBodies.create(SERVER.admin(), manual("run " + System.nanoTime(), nodes));
    }

    private static ApiClient.Response execute(String workflowId, Object body) {
        ApiClient.Response r = SERVER.admin().post("/api/workflows/" + workflowId + "/execute", body);
        // A failed run is a 422 with the execution in data; a successful or cancelled one a 200.
        boolean failed = "failed".equals(r.json().path("data").path("status").asText());
        assertThat(r.status()).as(r.toString()).isEqualTo(failed ? 422 : 200);
        return r;
    }

    private static JsonNode result(ApiClient.Response r, int index) {
        return r.json().get("data").get("node_results").get(index);
    }

    @Test
    void prevPassesOneNodesOutputToTheNext() {
        String id = create(node("a", "echo", Map.of("text", "hello")),
                node("b", "uppercase", Map.of("text", "{{prev.body.text}} world")));

        ApiClient.Response r = execute(id, null);

        assertThat(r.json().get("ok").asBoolean()).isTrue();
        assertThat(result(r, 1).get("output").get("text").asText()).isEqualTo("HELLO WORLD");
    }

    @Test
    void nodesReachesAnyEarlierNodeByItsHyphenatedId() {
        String id = create(node("node-export", "echo", Map.of("file_url", "/exports/fr/2025-04-29.csv")),
                node("node-middle", "echo", Map.of("text", "unrelated")),
                node("node-telegram", "echo", Map.of("file", "{{nodes.node-export.body.file_url}}",
                        "caption", "{{ nodes.node-middle.body.text }} / {{prev.body.text}}")));

        ApiClient.Response r = execute(id, null);

        assertThat(result(r, 2).get("output").get("file").asText()).isEqualTo("/exports/fr/2025-04-29.csv");
        assertThat(result(r, 2).get("output").get("caption").asText()).isEqualTo("unrelated / unrelated");
    }

    @Test
    void aMissingVariableFailsTheNodeNamingThePath() {
        String id = create(node("a", "echo", Map.of("text", "x")),
                node("b", "echo", Map.of("nested", Map.of("list", List.of("{{prev.body.nope}}")))),
                node("c", "echo", Map.of()));

        ApiClient.Response r = execute(id, null);

        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.json().get("data").get("status").asText()).isEqualTo("failed");
        assertThat(result(r, 1).get("status").asText()).isEqualTo("failed");
        assertThat(result(r, 1).get("error").asText()).contains("missing variable: prev.body.nope")
                .contains("config.nested.list[0]");
        assertThat(result(r, 2).get("status").asText()).isEqualTo("skipped");
        assertThat(r.json().get("data").get("error").asText()).contains("prev.body.nope");
    }

    @Test
    void workflowExecutionAndTriggerVariablesAreRenderedButRenderedValuesAreNotRenderedAgain() {
        String id = create(node("a", "echo", Map.of("text", "{{workflow.id}}|{{execution.id}}|{{execution.trigger_type}}|{{trigger.body.who}}",
                "items", List.of("{{trigger.body.sneaky}}"))));

        ApiClient.Response r = execute(id, Map.of("who", "alfin", "sneaky", "{{workflow.id}}"));

        String executionId = r.json().get("data").get("id").asText();
        assertThat(result(r, 0).get("output").get("text").asText()).isEqualTo(id + "|" + executionId + "|manual|alfin");
        assertThat(result(r, 0).get("output").get("items").get(0).asText()).isEqualTo("{{workflow.id}}");
    }

    @Test
    void objectsRenderAsJsonAndTemplatesBecomeTheNumbersAndBooleansTheSchemaWants() {
        String id = create(node("a", "echo", Map.of("count", 3, "nested", Map.of("k", List.of(1, 2)))),
                node("b", "echo", Map.of("count", "{{prev.body.count}}", "enabled", "{{trigger.body.on}}",
                        "ratio", "{{trigger.body.ratio}}", "text", "{{nodes.a.body.nested}}")));

        ApiClient.Response r = execute(id, Map.of("on", true, "ratio", 0.5));

        JsonNode output = result(r, 1).get("output");
        assertThat(output.get("count").isIntegralNumber()).isTrue();
        assertThat(output.get("count").asInt()).isEqualTo(3);
        assertThat(output.get("enabled").isBoolean()).isTrue();
        assertThat(output.get("ratio").asDouble()).isEqualTo(0.5);
        assertThat(output.get("text").asText()).isEqualTo("{\"k\":[1,2]}");
    }

    @Test
    void aRenderedValueTheSchemaRefusesFailsTheNode() {
        String id = create(node("a", "echo", Map.of("count", "{{trigger.body.n}}")));

        ApiClient.Response r = execute(id, Map.of("n", "many"));

        assertThat(result(r, 0).get("status").asText()).isEqualTo("failed");
        assertThat(result(r, 0).get("error").asText()).contains("config.count").contains("integer");
    }

    @Test
    void aFailedNodeFailsTheExecutionAndSkipsTheRest() {
        String id = create(node("a", "echo", Map.of()), node("b", "fail", Map.of("message", "boom")),
                node("c", "echo", Map.of()), node("d", "echo", Map.of()));

        ApiClient.Response r = execute(id, null);

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.text("message")).isEqualTo("workflow execution failed");
        assertThat(r.text("error")).isEqualTo("node b failed: boom");
        JsonNode data = r.json().get("data");
        assertThat(data.get("status").asText()).isEqualTo("failed");
        assertThat(data.get("finished_at").isNull()).isFalse();
        assertThat(result(r, 0).get("status").asText()).isEqualTo("success");
        assertThat(result(r, 1).get("status").asText()).isEqualTo("failed");
        assertThat(result(r, 1).get("error").asText()).isEqualTo("boom");
        assertThat(result(r, 1).get("output").isNull()).isTrue();
        for (int i = 2; i < 4; i++) {
            assertThat(result(r, i).get("status").asText()).isEqualTo("skipped");
            assertThat(result(r, i).get("error").asText()).isEqualTo("skipped because node b failed");
            assertThat(result(r, i).get("attempts").asInt()).isZero();
        }
        assertThat(stored(id, data.get("id").asText())).isEqualTo(data);
    }

    @Test
    void continueOnFailLetsTheRunGoOnAndLaterNodesSeeTheFailure() {
        String id = create(with(node("a", "fail", Map.of("message", "ignored")), "continue_on_fail", true),
                node("b", "echo", Map.of("text", "after {{prev.status}}: {{nodes.a.error}}")));

        ApiClient.Response r = execute(id, null);

        assertThat(r.json().get("ok").asBoolean()).isTrue();
        assertThat(r.json().get("data").get("status").asText()).isEqualTo("success");
        assertThat(result(r, 0).get("status").asText()).isEqualTo("failed");
        assertThat(result(r, 1).get("output").get("text").asText()).isEqualTo("after failed: ignored");
    }

    @Test
    void retryableFailuresAreRetriedUpToMaxAttempts() {
        String enough = create(with(node("a", "flaky", Map.of("succeed_on_attempt", 3)), "retry",
                Map.of("max_attempts", 3, "backoff_ms", 20)));
        ApiClient.Response r = execute(enough, null);
        assertThat(result(r, 0).get("status").asText()).isEqualTo("success");
        assertThat(result(r, 0).get("attempts").asInt()).isEqualTo(3);
        assertThat(result(r, 0).get("output").get("attempt").asInt()).isEqualTo(3);

        String tooFew = create(with(node("a", "flaky", Map.of("succeed_on_attempt", 5)), "retry",
                Map.of("max_attempts", 2, "backoff_ms", 0)));
        r = execute(tooFew, null);
        assertThat(result(r, 0).get("status").asText()).isEqualTo("failed");
        assertThat(result(r, 0).get("attempts").asInt()).isEqualTo(2);
        assertThat(result(r, 0).get("error").asText()).isEqualTo("flaky failure on attempt 2 (after 2 attempts)");

        String noRetry = create(node("a", "flaky", Map.of("succeed_on_attempt", 2)));
        assertThat(result(execute(noRetry, null), 0).get("attempts").asInt()).isEqualTo(1);

        String notRetryable = create(with(node("a", "fail", Map.of("message", "final")), "retry", Map.of("max_attempts", 3)));
        assertThat(result(execute(notRetryable, null), 0).get("attempts").asInt()).isEqualTo(1);
    }

    @Test
    void aRetryWaitsAtLeastWhatTheRemoteSideAskedFor() {
        String id = create(with(node("a", "flaky", Map.of("succeed_on_attempt", 2, "retry_after_ms", 400)), "retry",
                Map.of("max_attempts", 2, "backoff_ms", 0)));

        JsonNode result = result(execute(id, null), 0);

        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(millisBetween(result)).isGreaterThanOrEqualTo(400);
    }

    @Test
    void aNodePastItsTimeoutIsCancelledAndFails() {
        String id = create(with(node("a", "sleep", Map.of("ms", 20_000)), "timeout_ms", 300), node("b", "echo", Map.of()));

        Instant before = Instant.now();
        ApiClient.Response r = execute(id, null);

        assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
        assertThat(result(r, 0).get("status").asText()).isEqualTo("failed");
        assertThat(result(r, 0).get("error").asText()).isEqualTo("timed out after 300 ms");
        assertThat(result(r, 1).get("status").asText()).isEqualTo("skipped");
    }

    @Test
    void aTimeoutDoesNotWaitForANodeThatIgnoresCancellation() {
        String id = create(with(node("a", "sleep", Map.of("ms", 1500, "ignore_cancel", true)), "timeout_ms", 100));

        JsonNode result = result(execute(id, null), 0);

        assertThat(result.get("error").asText()).isEqualTo("timed out after 100 ms");
        assertThat(millisBetween(result)).isLessThan(1300);
    }

    @Test
    void waitFalseAnswers202WithTheRunningExecution() {
        String id = create(node("a", "sleep", Map.of("ms", 300)), node("b", "echo", Map.of("text", "done")));

        ApiClient.Response r = SERVER.admin().post("/api/workflows/" + id + "/execute?wait=false", null);

        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        assertThat(r.json().get("ok").asBoolean()).isTrue();
        JsonNode data = r.json().get("data");
        assertThat(data.get("status").asText()).isEqualTo("running");
        assertThat(data.get("finished_at").isNull()).isTrue();
        assertThat(data.get("trigger_type").asText()).isEqualTo("manual");
        JsonNode done = await(id, data.get("id").asText(), e -> e.get("status").asText().equals("success"));
        assertThat(done.get("node_results").get(1).get("output").get("text").asText()).isEqualTo("done");
    }

    @Test
    void cancellingARunningExecutionInterruptsItsNodeAndSkipsTheRest() {
        String id = create(node("a", "echo", Map.of()), node("b", "sleep", Map.of("ms", 60_000)), node("c", "echo", Map.of()));
        String execution = SERVER.admin().post("/api/workflows/" + id + "/execute?wait=false", null).json().get("data").get("id").asText();
        await(id, execution, e -> e.get("node_results").size() == 2
                && e.get("node_results").get(1).get("status").asText().equals("running"));

        ApiClient.Response cancelled = SERVER.admin().post("/api/workflows/" + id + "/logs/" + execution + "/cancel", null);

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.text("message")).isEqualTo("execution cancelled");
        JsonNode data = cancelled.json().get("data");
        assertThat(data.get("status").asText()).isEqualTo("cancelled");
        assertThat(data.get("error").asText()).isEqualTo("cancelled by user " + TestServer.ADMIN_USERNAME);
        assertThat(data.get("node_results").get(0).get("status").asText()).isEqualTo("success");
        assertThat(data.get("node_results").get(1).get("status").asText()).isEqualTo("cancelled");
        assertThat(data.get("node_results").get(2).get("status").asText()).isEqualTo("skipped");
        assertThat(stored(id, execution)).isEqualTo(data);

        ApiClient.Response again = SERVER.admin().post("/api/workflows/" + id + "/logs/" + execution + "/cancel", null);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("error")).contains("cancelled");
        assertThat(SERVER.admin().post("/api/workflows/" + id + "/logs/nope/cancel", null).status()).isEqualTo(404);
    }

    @Test
    void cancellingReachesANodeRunningOnAThreadOfItsOwn() {
        String id = create(with(node("a", "sleep", Map.of("ms", 60_000)), "timeout_ms", 120_000), node("b", "echo", Map.of()));
        String execution = SERVER.admin().post("/api/workflows/" + id + "/execute?wait=false", null).json().get("data").get("id").asText();
        await(id, execution, e -> e.get("node_results").size() == 1);

        ApiClient.Response cancelled = SERVER.admin().post("/api/workflows/" + id + "/logs/" + execution + "/cancel", null);

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().get("data").get("node_results").get(0).get("status").asText()).isEqualTo("cancelled");
        assertThat(cancelled.json().get("data").get("node_results").get(1).get("status").asText()).isEqualTo("skipped");
    }

    @Test
    void theNodeSeesItsContextAndExportPathsStayUnderTheExportRoot() {
        String id = create(node("ctx", "context", Map.of("file", "/exports/fr/2025-04-29.csv")),
                node("escape", "context", Map.of("file", "/exports/../../etc/passwd")));

        ApiClient.Response r = execute(id, null);

        JsonNode output = result(r, 0).get("output");
        assertThat(output.get("workflow_id").asText()).isEqualTo(id);
        assertThat(output.get("execution_id").asText()).isEqualTo(r.json().get("data").get("id").asText());
        assertThat(output.get("node_id").asText()).isEqualTo("ctx");
        assertThat(output.get("trigger_type").asText()).isEqualTo("manual");
        assertThat(output.get("attempt").asInt()).isEqualTo(1);
        assertThat(output.get("cancelled").asBoolean()).isFalse();
        assertThat(Path.of(output.get("path").asText()))
                .isEqualTo(Path.of(SERVER.server().setting("exportDir")).resolve("fr/2025-04-29.csv").toAbsolutePath().normalize());
        assertThat(result(r, 1).get("status").asText()).isEqualTo("failed");
        assertThat(result(r, 1).get("error").asText()).startsWith("config.file:");
    }

    @Test
    void nodesReadThePluginSettingsOfTheConfigurationBesideTheServersOwn() {
        String id = create(node("greeting", "context", Map.of("setting", "vendor_greeting")),
                node("telegram", "context", Map.of("setting", "telegram_api_url")),
                node("zone", "context", Map.of("setting", "scheduler_timezone")));

        ApiClient.Response r = execute(id, null);

        assertThat(result(r, 0).get("output").get("setting").asText()).isEqualTo("hello from config.yml");
        assertThat(result(r, 1).get("output").get("setting").asText()).as("config.yml's TELEGRAM_API_URL default")
                .isEqualTo("https://api.telegram.org");
        assertThat(result(r, 2).get("output").get("setting").asText()).isEqualTo("UTC");
    }

    @Test
    void aPluginSettingMayNotTakeTheNameOfOneTheServerSets() {
        assertThatThrownBy(() -> TestServer.builder().set("plugins.settings.scheduler_timezone", "Mars/Base").start())
                .hasMessageContaining("plugins.settings.scheduler_timezone: the server sets scheduler_timezone itself");
    }

    @Test
    void inactiveWorkflowsAndEmptyOnesRunWhenExecutedByHand() {
        Map<String, Object> body = manual("inactive " + System.nanoTime(), node("a", "echo", Map.of("text", "ran")));
        body.put("is_active", false);
        String id = SERVER.admin().post("/api/workflows", body).json().get("data").get("id").asText();
        assertThat(result(execute(id, null), 0).get("output").get("text").asText()).isEqualTo("ran");

        String empty = create();
        ApiClient.Response r = execute(empty, null);
        assertThat(r.json().get("data").get("status").asText()).isEqualTo("success");
        assertThat(r.json().get("data").get("node_results")).isEmpty();
    }

    @Test
    void badExecuteRequestsAre400() {
        String id = create(node("a", "echo", Map.of()));
        assertThat(SERVER.admin().post("/api/workflows/" + id + "/execute?wait=maybe", null).text("error")).contains("wait");
        assertThat(SERVER.admin().post("/api/workflows/" + id + "/execute", "[1]").status()).isEqualTo(400);
        assertThat(SERVER.admin().post("/api/workflows/" + id + "/execute", "{oops").status()).isEqualTo(400);
        assertThat(SERVER.admin().post("/api/workflows/" + id + "/execute", Map.of("x", "\u0000")).text("error")).contains("NUL");
    }

    /** The node's duration: timestamps are whole seconds, duration_ms has the precision. */
    private static long millisBetween(JsonNode nodeResult) {
        assertThat(nodeResult.get("duration_ms").isIntegralNumber()).as(nodeResult.toString()).isTrue();
        return nodeResult.get("duration_ms").asLong();
    }

    private static JsonNode stored(String workflowId, String executionId) {
        return SERVER.admin().get("/api/workflows/" + workflowId + "/logs/" + executionId).json().get("data");
    }

    static JsonNode await(ApiClient client, String workflowId, String executionId, Predicate<JsonNode> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = client.get("/api/workflows/" + workflowId + "/logs/" + executionId).json().get("data");
            if (condition.test(last)) {
                return last;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("execution never reached the expected state; last seen: " + last);
    }

    private static JsonNode await(String workflowId, String executionId, Predicate<JsonNode> condition) {
        return await(SERVER.admin(), workflowId, executionId, condition);
    }
}
