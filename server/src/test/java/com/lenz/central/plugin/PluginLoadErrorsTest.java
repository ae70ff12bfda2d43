package com.lenz.central.plugin;

import static com.lenz.central.plugin.PluginJars.plugin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.LogCapture;
import com.lenz.central.testing.TestServer;
import com.lenz.central.version.ServerVersion;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Broken vendor plugins are loud: a jar without extensions.idx, one whose only node duplicates a bundled type,
 * one with an invalid type name and one whose Plugin-Requires this server does not meet each log one line naming
 * the jar and the reason, are listed by GET /api/plugins with state and error, and make the plugins check
 * unhealthy. Before, the first three loaded silently with no node type and Plugin-Requires was ignored.
 */
@Tag("faults")
class PluginLoadErrorsTest {

    @TempDir
    static Path vendor;

    @BeforeAll
    static void brokenJars() {
        plugin("no-index", "1.0.0").withoutIndex().writeTo(vendor, "no-index-1.0.0.jar");
        plugin("zz-duplicate", "1.0.0").nodes("DuplicateSetNode").writeTo(vendor, "zz-duplicate-1.0.0.jar");
        plugin("bad-name", "1.0.0").nodes("InvalidTypeNameNode").writeTo(vendor, "bad-name-1.0.0.jar");
        plugin("from-the-future", "1.0.0").requires(">=99.0.0").nodes("JarMarkerNode")
                .writeTo(vendor, "from-the-future-1.0.0.jar");
        // Requires this very version: a snapshot build of 1.0.0 must accept it.
        plugin("needs-this-version", "1.0.0").requires(">=" + ServerVersion.release()).nodes("EchoNode")
                .writeTo(vendor, "needs-this-version-1.0.0.jar");
    }

    @Test
    void eachBrokenJarLogsOneLineNamingTheJarAndTheReason() {
        PluginLoader loader = new PluginLoader(TestServer.bundledPluginsDir(), vendor, ServerVersion.release());
        try (LogCapture log = LogCapture.capture()) {
            loader.start();
            List<String> lines = log.text().lines().filter(l -> l.contains("PluginGeneration")).toList();

            assertThat(linesNaming(lines, "no-index-1.0.0.jar")).singleElement().asString()
                    .contains("ERROR").contains("provides no node type").contains("extensions.idx");
            assertThat(linesNaming(lines, "zz-duplicate-1.0.0.jar")).singleElement().asString()
                    .contains("node type set is already provided by plugin flow-nodes");
            assertThat(linesNaming(lines, "bad-name-1.0.0.jar")).singleElement().asString()
                    .contains("'Bad-Type'").contains("lower-case letter");
            assertThat(linesNaming(lines, "from-the-future-1.0.0.jar")).singleElement().asString()
                    .contains("Plugin-Requires '>=99.0.0'").contains(ServerVersion.release());
            assertThat(linesNaming(lines, "needs-this-version-1.0.0.jar")).singleElement().asString()
                    .contains("INFO").contains("echo");
        } finally {
            loader.stop();
        }
    }

    @Test
    void apiListsEveryJarWithStateAndErrorAndTheCheckIsUnhealthy() {
        try (TestServer server = TestServer.builder().pluginsDir(vendor).start()) {
            ApiClient admin = server.admin();
            ApiClient.Response response = admin.get("/api/plugins");
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("ok").asBoolean()).isTrue();
            assertThat(response.json().get("message").asText()).isEqualTo("success");
            Map<String, JsonNode> byId = new HashMap<>();
            response.json().get("data").forEach(p -> byId.put(p.get("id").asText(), p));

            assertFailed(byId.get("no-index"), "FAILED", "extensions.idx");
            assertFailed(byId.get("zz-duplicate"), "FAILED", "node type set is already provided by plugin flow-nodes");
            assertFailed(byId.get("bad-name"), "FAILED", "a node type name is a lower-case letter");
            assertFailed(byId.get("from-the-future"), "DISABLED", "does not accept this server's version");
            assertThat(byId.get("from-the-future").get("requires").asText()).isEqualTo(">=99.0.0");
            JsonNode flow = byId.get("flow-nodes");
            assertThat(flow.get("state").asText()).isEqualTo("STARTED");
            assertThat(flow.get("error").isNull()).isTrue();
            assertThat(flow.get("requires").asText()).isEqualTo("*");
            assertThat(flow.get("version").asText()).isEqualTo(ServerVersion.full());
            assertThat(flow.get("node_types")).extracting(JsonNode::asText).contains("set", "filter", "delay");
            assertThat(byId.get("needs-this-version").get("state").asText()).isEqualTo("STARTED");
            assertThat(byId.get("needs-this-version").get("node_types")).extracting(JsonNode::asText)
                    .containsExactly("echo");

            JsonNode check = server.adminPortClient().get("/healthcheck").json().get("plugins");
            assertThat(check.get("healthy").asBoolean()).isFalse();
            assertThat(check.get("message").asText()).contains("no-index-1.0.0.jar", "zz-duplicate-1.0.0.jar",
                    "bad-name-1.0.0.jar", "from-the-future-1.0.0.jar").doesNotContain("needs-this-version-1.0.0.jar:");
            List<String> types = PluginJars.nodeTypes(admin);
            assertThat(types).contains("echo", "set").doesNotContain("jar_marker", "Bad-Type");

            admin.post("/api/users", Map.of("username", "plugin-viewer", "password", "plugin-viewer-1",
                    "name", "Viewer", "role", "viewer"));
            assertThat(server.login("plugin-viewer", "plugin-viewer-1").get("/api/plugins").status()).isEqualTo(200);
            assertThat(server.anonymous().get("/api/plugins").status()).isEqualTo(401);
        }
    }

    private static void assertFailed(JsonNode plugin, String state, String error) {
        assertThat(plugin).as("plugin listed").isNotNull();
        assertThat(plugin.get("state").asText()).isEqualTo(state);
        assertThat(plugin.get("error").asText()).contains(error);
        assertThat(plugin.get("node_types")).isEmpty();
    }

    private static List<String> linesNaming(List<String> lines, String jar) {
        return lines.stream().filter(l -> l.contains(jar)).collect(Collectors.toList());
    }
}
