package com.lenz.central.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Workflow request bodies for tests, as a client would send them. */
public final class WorkflowBodies {

    private WorkflowBodies() {
    }

    public static Map<String, Object> manual(String name, Map<String, Object>... nodes) {
        return workflow(name, Map.of("type", "manual"), nodes);
    }

    @SafeVarargs
    public static Map<String, Object> workflow(String name, Map<String, Object> trigger, Map<String, Object>... nodes) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("is_active", true);
        body.put("trigger_node", trigger);
        body.put("nodes", new ArrayList<>(List.of(nodes)));
        return body;
    }

    public static Map<String, Object> node(String id, String type, Map<String, Object> config) {
        Map<String, Object> node = new LinkedHashMap<>();
        node.put("id", id);
        node.put("type", type);
        node.put("name", "Node " + id);
        node.put("config", config);
        return node;
    }

    /** Posts {@code body} as a new workflow (it must be accepted: 201) and returns its id. */
    public static String create(ApiClient client, Map<String, Object> body) {
        ApiClient.Response r = client.post("/api/workflows", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("data").get("id").asText();
    }

    /** The node with extra keys (retry, timeout_ms, continue_on_fail). */
    public static Map<String, Object> with(Map<String, Object> node, String key, Object value) {
        Map<String, Object> copy = new LinkedHashMap<>(node);
        copy.put(key, value);
        return copy;
    }
}
