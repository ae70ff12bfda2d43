package com.lenz.central.workflow;

import static com.lenz.central.workflow.WorkflowBodies.manual;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static com.lenz.central.workflow.WorkflowBodies.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The node option {@code retry} with {@code backoff} and {@code max_backoff_ms}: bad values are a 400 naming the field. */
class BackoffValidationTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(TestServer.Builder::withTestPlugins);

    private static ApiClient.Response save(Map<String, Object> retry) {
        return SERVER.admin().post("/api/workflows", manual("backoff", with(node("a", "echo", Map.of()), "retry", retry)));
    }

    private static Map<String, Object> retry(Object... pairs) {
        Map<String, Object> retry = new LinkedHashMap<>();
        retry.put("max_attempts", 3);
        for (int i = 0; i < pairs.length; i += 2) {
            retry.put((String) pairs[i], pairs[i + 1]);
        }
        return retry;
    }

    private static void assertRefused(Map<String, Object> retry, String error) {
        ApiClient.Response r = save(retry);
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.json().get("error").asText()).startsWith(error);
    }

    @Test
    void badBackoffValuesAreRefusedNamingTheField() {
        assertRefused(retry("backoff", "linear"), "nodes[0].retry.backoff must be \"fixed\" or \"exponential\"");
        assertRefused(retry("backoff", 2), "nodes[0].retry.backoff must be");
        assertRefused(retry("backoff", "exponential", "max_backoff_ms", 0), "nodes[0].retry.max_backoff_ms must be an integer");
        assertRefused(retry("backoff", "exponential", "backoff_ms", 5000, "max_backoff_ms", 1000),
                "nodes[0].retry.max_backoff_ms must be an integer from backoff_ms (5000)");
        assertRefused(retry("backoff", "exponential", "max_backoff_ms", 3_600_001), "nodes[0].retry.max_backoff_ms");
        assertRefused(retry("backoff", "exponential", "max_backoff_ms", "soon"), "nodes[0].retry.max_backoff_ms");
        assertRefused(retry("max_backoff_ms", 5000), "nodes[0].retry.max_backoff_ms applies only to \"backoff\": \"exponential\"");
    }

    @Test
    void exponentialBackoffIsStoredAndShownAndFixedStaysTheDefault() {
        ApiClient.Response exponential = save(retry("backoff", "exponential", "backoff_ms", 200, "max_backoff_ms", 5000));
        assertThat(exponential.status()).as(exponential.raw()).isEqualTo(201);
        String id = exponential.json().get("data").get("id").asText();
        var shown = SERVER.admin().get("/api/workflows/" + id).json().get("data").get("nodes").get(0).get("retry");
        assertThat(shown.get("backoff").asText()).isEqualTo("exponential");
        assertThat(shown.get("backoff_ms").asLong()).isEqualTo(200);
        assertThat(shown.get("max_backoff_ms").asLong()).isEqualTo(5000);

        ApiClient.Response defaults = save(retry("backoff", "exponential"));
        assertThat(defaults.json().get("data").get("nodes").get(0).get("retry").get("max_backoff_ms").asLong())
                .isEqualTo(3_600_000);
        ApiClient.Response fixed = save(retry());
        var fixedRetry = fixed.json().get("data").get("nodes").get(0).get("retry");
        assertThat(fixedRetry.get("backoff_ms").asLong()).isEqualTo(1000);
        assertThat(fixedRetry.has("backoff")).isFalse();
    }
}
