package com.lenz.central.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET /api/workflows/node-types lists the action nodes of the loaded plugin jars, refusing bad or duplicate ones. */
class NodeTypesTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(TestServer.Builder::withTestPlugins);

    @Test
    void everyLoadedNodeIsListedWithItsPluginAndConfigSchema() {
        ApiClient.Response r = SERVER.admin().get("/api/workflows/node-types");

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("ok").asBoolean()).isTrue();
        assertThat(r.text("message")).isEqualTo("success");
        List<String> types = new ArrayList<>();
        r.json().get("data").forEach(n -> types.add(n.get("type").asText()));
        assertThat(types).contains("set", "echo", "fail", "sleep", "flaky", "uppercase", "context").isSorted();

        JsonNode uppercase = entry(r, "uppercase");
        List<String> fields = new ArrayList<>();
        uppercase.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("type", "name", "description", "plugin_id", "plugin_version", "config_schema");
        assertThat(uppercase.get("name").asText()).isEqualTo("Uppercase");
        assertThat(uppercase.get("plugin_id").asText()).isEqualTo("test-nodes");
        assertThat(uppercase.get("plugin_version").asText()).isEqualTo("1.0.0-SNAPSHOT");
        assertThat(uppercase.get("config_schema").isObject()).isTrue();
        assertThat(uppercase.get("config_schema").get("required").get(0).asText()).isEqualTo("text");
    }

    @Test
    void ofTwoPluginsDeclaringOneTypeTheFirstByPluginIdWinsAndTheOtherIsRefused() {
        ApiClient.Response r = SERVER.admin().get("/api/workflows/node-types");

        assertThat(entry(r, "set").get("plugin_id").asText()).isEqualTo("flow-nodes");
        JsonNode check = SERVER.server().adminPortClient().get("/healthcheck").json().get("node-types");
        assertThat(check.get("healthy").asBoolean()).isFalse();
        assertThat(check.get("message").asText()).contains("DuplicateSetNode")
                .contains("node type set is already provided by plugin flow-nodes");
    }

    @Test
    void aNodeWhoseSchemaDoesNotParseIsRefused() {
        ApiClient.Response r = SERVER.admin().get("/api/workflows/node-types");

        assertThat(entry(r, "broken_schema")).isNull();
        assertThat(SERVER.server().adminPortClient().get("/healthcheck").json().get("node-types").get("message").asText())
                .contains("BrokenSchemaNode").contains("unusable config schema");
    }

    @Test
    void withOnlyTheBundledPluginsTheirNodesAreListedAndTheCheckIsHealthy() {
        try (TestServer bundled = TestServer.start()) {
            ApiClient.Response r = bundled.admin().get("/api/workflows/node-types");
            assertThat(entry(r, "set").get("plugin_id").asText()).isEqualTo("flow-nodes");
            assertThat(entry(r, "echo")).isNull();
            assertThat(bundled.adminPortClient().get("/healthcheck").json().get("node-types").get("healthy").asBoolean()).isTrue();
        }
    }

    private static JsonNode entry(ApiClient.Response r, String type) {
        for (JsonNode n : r.json().get("data")) {
            if (n.get("type").asText().equals(type)) {
                return n;
            }
        }
        return null;
    }
}
