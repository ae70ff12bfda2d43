package com.lenz.central.workflow.trigger;

import static com.lenz.central.testing.Polling.await;
import static com.lenz.central.workflow.trigger.Triggers.create;
import static com.lenz.central.workflow.trigger.Triggers.executions;
import static com.lenz.central.workflow.trigger.Triggers.node;
import static com.lenz.central.workflow.trigger.Triggers.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventTriggerTest {

    private static Map<String, Object> event(String type, String stream, String name) {
        return Map.of("analytic_type", type, "stream_id", stream, "event_time", "2025-04-29T07:00:00Z",
                "data", Map.of("name", name, "similarity", 0.92));
    }

    @Test
    void anFrEventStartsTheMatchingWorkflowAndNotTheOthers() {
        try (TestServer server = TestServer.builder().withTestPlugins().start()) {
            ApiClient admin = server.admin();
            String fr = create(admin, workflow("FR alert", "event", Map.of("analytic_type", "FR"),
                    List.of(node("node-echo", "echo", Map.of("text", "{{trigger.event.data.name}} on {{trigger.event.stream_id}}")))));
            String frCam2 = create(admin, workflow("FR cam-02 only", "event", Map.of("analytic_type", "FR", "stream_id", "cam-02"),
                    List.of(node("node-echo", "echo", Map.of("text", "x")))));
            String lpr = create(admin, workflow("LPR alert", "event", Map.of("analytic_type", "LPR"),
                    List.of(node("node-echo", "echo", Map.of("text", "x")))));

            assertThat(admin.post("/api/events", Map.of("events", List.of(event("FR", "cam-01", "Budi")))).status()).isEqualTo(200);

            await(Duration.ofSeconds(10), "the FR workflow's run", () -> executions(admin, fr) == 1
                    && Triggers.logs(admin, fr).get("data").get(0).get("status").asText().equals("success"));
            JsonNode run = Triggers.logs(admin, fr).get("data").get(0);
            assertThat(run.get("trigger_type").asText()).isEqualTo("event");
            assertThat(run.get("triggered_by").asText()).isEqualTo("event");
            assertThat(run.get("node_results").get(0).get("output").get("text").asText()).isEqualTo("Budi on cam-01");
            assertThat(executions(admin, frCam2)).isZero();
            assertThat(executions(admin, lpr)).isZero();
        }
    }

    @Test
    void aBurstLargerThanThePoolLosesNoTrigger() {
        try (TestServer server = TestServer.builder().withTestPlugins()
                .set("workflows.maxConcurrentExecutions", "2").set("workflows.maxQueuedExecutions", "3").start()) {
            ApiClient admin = server.admin();
            String id = create(admin, workflow("every FR", "event", Map.of("analytic_type", "FR"),
                    List.of(node("node-echo", "echo", Map.of("text", "{{trigger.event.data.name}}")))));
            List<Map<String, Object>> burst = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                burst.add(event("FR", "cam-" + (i % 4), "person-" + i));
            }

            assertThat(admin.post("/api/events", Map.of("events", burst)).status()).isEqualTo(200);

            // The count includes runs still going: wait until all 150 have ended before reading their outputs.
            await(Duration.ofSeconds(60), "150 ended runs", () -> runs(admin, id).stream()
                    .filter(run -> !run.get("status").asText().equals("running")).count() == 150);
            List<String> names = new ArrayList<>();
            for (JsonNode run : runs(admin, id)) {
                names.add(run.get("node_results").get(0).get("output").get("text").asText());
            }
            assertThat(names).hasSize(150).doesNotHaveDuplicates();
        }
    }

    private static List<JsonNode> runs(ApiClient admin, String workflowId) {
        List<JsonNode> runs = new ArrayList<>();
        for (int page = 1; page <= 2; page++) {
            admin.get("/api/workflows/" + workflowId + "/logs?limit=100&page=" + page).json().get("data").forEach(runs::add);
        }
        return runs;
    }
}
