package com.lenz.central.plugin;

import static com.lenz.central.plugin.PluginJars.plugin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bundled plugins come from the build's folder, vendor plugins from DATA_DIR/plugins (or PLUGINS_DIR), which
 * mvn clean does not touch; a vendor jar replaces the bundled plugin of the same id.
 */
class PluginFoldersTest {

    @Test
    void byDefaultTheVendorFolderIsDataDirPluginsAndIsReadBesidesTheBundledOne(@TempDir Path data) {
        try (TestServer server = TestServer.builder().dataDir(data).start()) {
            ApiClient admin = server.admin();
            Path vendor = data.resolve("plugins");
            assertThat(vendor).isDirectory();
            plugin("markers", "1.0.0").nodes("JarMarkerNode").writeTo(vendor, "markers-1.0.0.jar");
            server.adminPortClient().post("/tasks/plugins/reload", null);

            Map<String, JsonNode> byFile = byFile(admin);
            assertThat(byFile.get("markers-1.0.0.jar").get("state").asText()).isEqualTo("STARTED");
            assertThat(byFile.get("bundled/flow-nodes-" + com.lenz.central.version.ServerVersion.full() + ".jar")
                    .get("state").asText()).isEqualTo("STARTED");
            assertThat(server.adminPortClient().get("/healthcheck").json().get("plugins").get("healthy").asBoolean())
                    .isTrue();
        }
    }

    @Test
    void aVendorJarReplacesTheBundledPluginWithTheSameId(@TempDir Path vendor) {
        plugin("flow-nodes", "9.0.0").nodes("JarMarkerNode").writeTo(vendor, "my-flow-nodes.jar");
        PluginLoader loader = new PluginLoader(TestServer.bundledPluginsDir(), vendor, "1.0.0");
        loader.start();
        try {
            Map<String, PluginReport> byFile = loader.reports().stream()
                    .collect(Collectors.toMap(PluginReport::file, Function.identity()));
            PluginReport mine = byFile.get("my-flow-nodes.jar");
            assertThat(mine.state()).isEqualTo(PluginReport.State.STARTED);
            assertThat(mine.version()).isEqualTo("9.0.0");
            assertThat(mine.nodeTypes()).containsExactly("jar_marker");
            assertThat(byFile.values()).filteredOn(r -> r.file().startsWith("bundled/flow-nodes-"))
                    .singleElement().satisfies(r -> {
                        assertThat(r.state()).isEqualTo(PluginReport.State.OVERRIDDEN);
                        assertThat(r.error()).isNull();
                    });
            assertThat(loader.types()).containsKey("jar_marker").doesNotContainKey("set");
        } finally {
            loader.stop();
        }
    }

    @Test
    void twoVendorJarsWithOneIdLoadTheFirstAndReportTheSecond(@TempDir Path vendor, @TempDir Path bundled) {
        plugin("markers", "1.0.0").nodes("JarMarkerNode").writeTo(vendor, "markers-a.jar");
        plugin("markers", "2.0.0").nodes("JarMarkerNode").writeTo(vendor, "markers-b.jar");
        PluginLoader loader = new PluginLoader(bundled, vendor, "1.0.0");
        loader.start();
        try {
            List<PluginReport> reports = loader.reports();
            assertThat(reports).extracting(PluginReport::file, PluginReport::state).containsExactly(
                    org.assertj.core.groups.Tuple.tuple("markers-a.jar", PluginReport.State.STARTED),
                    org.assertj.core.groups.Tuple.tuple("markers-b.jar", PluginReport.State.FAILED));
            assertThat(reports.get(1).error()).isEqualTo("plugin id markers is already used by markers-a.jar");
        } finally {
            loader.stop();
        }
    }

    @Test
    void pluginsDirNamingTheBundledFolderReadsItOnce() throws Exception {
        Path bundled = TestServer.bundledPluginsDir();
        PluginLoader loader = new PluginLoader(bundled, bundled, "1.0.0");
        loader.start();
        try {
            long jars;
            try (var files = Files.list(bundled)) {
                jars = files.filter(p -> p.toString().endsWith(".jar")).count();
            }
            assertThat(loader.reports()).hasSize((int) jars).allSatisfy(r -> assertThat(r.error()).isNull());
        } finally {
            loader.stop();
        }
    }

    private static Map<String, JsonNode> byFile(ApiClient admin) {
        Map<String, JsonNode> out = new java.util.HashMap<>();
        admin.get("/api/plugins").json().get("data").forEach(p -> out.put(p.get("file").asText(), p));
        return out;
    }
}
