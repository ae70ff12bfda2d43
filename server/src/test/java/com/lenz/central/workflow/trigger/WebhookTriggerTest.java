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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WebhookTriggerTest {

    private static final String TOKEN = "hook-secret-123";
    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(TestServer.Builder::withTestPlugins);

    private static Map<String, Object> hook(String response, Map<String, Object> node, Object timeoutMs) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("token", TOKEN);
        if (response != null) {
            config.put("response", response);
        }
        if (timeoutMs != null) {
            config.put("timeout_ms", timeoutMs);
        }
        return workflow("hook " + response, "webhook", config, List.of(node));
    }

    private static ApiClient.Response call(String workflowId, String token, String body) {
        HttpRequest.Builder request = SERVER.server().anonymous().request("/api/hooks/" + workflowId)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("X-Webhook-Token", token);
        }
        return SERVER.server().anonymous().send(request);
    }

    @Test
    void theRightTokenRunsTheWorkflowWithTheBodyAndAnswers202() {
        String id = create(SERVER.admin(), hook(null, node("node-echo", "echo", Map.of("text", "Hello {{trigger.body.name}}")), null));

        ApiClient.Response r = call(id, TOKEN, "{\"name\": \"Budi\", \"camera\": \"cam-01\"}");

        assertThat(r.status()).as(r.raw()).isEqualTo(202);
        String executionId = r.json().get("data").get("execution_id").asText();
        await(Duration.ofSeconds(10), "the run", () -> !SERVER.admin().get("/api/workflows/" + id + "/logs/" + executionId)
                .json().get("data").get("status").asText().equals("running"));
        JsonNode run = SERVER.admin().get("/api/workflows/" + id + "/logs/" + executionId).json().get("data");
        assertThat(run.get("status").asText()).isEqualTo("success");
        assertThat(run.get("trigger_type").asText()).isEqualTo("webhook");
        assertThat(run.get("triggered_by").asText()).isEqualTo("webhook");
        assertThat(run.get("node_results").get(0).get("output").get("text").asText()).isEqualTo("Hello Budi");
        assertThat(SERVER.admin().get("/api/workflows/" + id).raw()).doesNotContain(TOKEN);
    }

    @Test
    void aWrongOrMissingTokenIs401AndAnInactiveWorkflow409() {
        String id = create(SERVER.admin(), hook(null, node("node-echo", "echo", Map.of("text", "x")), null));

        assertThat(call(id, "wrong-token-000", "{}").status()).isEqualTo(401);
        assertThat(call(id, null, "{}").status()).isEqualTo(401);
        assertThat(call("no-such-workflow", TOKEN, "{}").status()).isEqualTo(404);
        assertThat(call(id, TOKEN, "not json").status()).isEqualTo(400);
        assertThat(Triggers.executions(SERVER.admin(), id)).isZero();

        Map<String, Object> inactive = hook(null, node("node-echo", "echo", Map.of("text", "x")), null);
        inactive.put("is_active", false);
        SERVER.admin().put("/api/workflows/" + id, inactive);
        ApiClient.Response r = call(id, TOKEN, "{}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.json().get("ok").asBoolean()).isFalse();
    }

    @Test
    void lastNodeAnswersWithTheOutputOr422Or504() {
        String ok = create(SERVER.admin(), hook("last_node", node("node-echo", "echo", Map.of("text", "Hi {{trigger.body.name}}")), null));
        String failing = create(SERVER.admin(), hook("last_node", node("node-fail", "fail", Map.of("message", "camera offline")), null));
        String slow = create(SERVER.admin(), hook("last_node", node("node-sleep", "sleep", Map.of("ms", 3000)), 500));

        ApiClient.Response answered = call(ok, TOKEN, "{\"name\": \"Siti\"}");
        ApiClient.Response failed = call(failing, TOKEN, "{}");
        ApiClient.Response late = call(slow, TOKEN, "{}");

        assertThat(answered.status()).isEqualTo(200);
        assertThat(answered.text("message")).isEqualTo("workflow executed successfully");
        assertThat(answered.json().get("data").get("text").asText()).isEqualTo("Hi Siti");
        assertThat(failed.status()).isEqualTo(422);
        assertThat(failed.text("error")).contains("camera offline");
        assertThat(late.status()).isEqualTo(504);
        String executionId = late.json().get("data").get("execution_id").asText();
        await(Duration.ofSeconds(10), "the slow run to end", () -> SERVER.admin().get("/api/workflows/" + slow + "/logs/" + executionId)
                .json().get("data").get("status").asText().equals("success"));
    }
}
