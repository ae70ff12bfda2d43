package com.lenz.central.workflow.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Bodies and waits shared by the trigger tests. */
final class Triggers {

    private Triggers() {
    }

    static Map<String, Object> workflow(String name, String triggerType, Map<String, Object> triggerConfig,
            List<Map<String, Object>> nodes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("is_active", true);
        body.put("trigger_node", Map.of("type", triggerType, "config", triggerConfig));
        body.put("nodes", nodes);
        return body;
    }

    static Map<String, Object> node(String id, String type, Map<String, Object> config) {
        return Map.of("id", id, "type", type, "name", id, "config", config);
    }

    /** Creates a workflow and returns its id. */
    static String create(ApiClient admin, Map<String, Object> body) {
        ApiClient.Response r = admin.post("/api/workflows", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().get("data").get("id").asText();
    }

    static JsonNode logs(ApiClient admin, String workflowId) {
        return admin.get("/api/workflows/" + workflowId + "/logs?limit=100").json();
    }

    static long executions(ApiClient admin, String workflowId) {
        return logs(admin, workflowId).get("total_data").asLong();
    }

}
