package com.lenz.central.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginLoadingTest {

    @Test
    void bundledPluginJarsComeFromTheFolderNotTheClassPath() throws IOException {
        try (Stream<Path> jars = Files.list(TestServer.bundledPluginsDir())) {
            assertThat(jars.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("flow-nodes-") && n.endsWith(".jar"));
        }
        // Were the plugin on the class path it would load twice; it must only exist inside its jar.
        assertThatThrownBy(() -> Class.forName("com.lenz.central.plugins.flow.SetNode"))
                .isInstanceOf(ClassNotFoundException.class);
    }

    @Test
    void aCorruptJarIsReportedAndTheServerStillStartsWithTheGoodOnes(@TempDir Path plugins) throws IOException {
        try (Stream<Path> jars = Files.list(TestServer.bundledPluginsDir())) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        Files.write(plugins.resolve("broken-plugin.jar"), "this is not a zip file".getBytes());

        try (TestServer server = TestServer.builder().pluginsDir(plugins).start()) {
            assertThat(server.anonymous().get("/api/ces/ping").status()).isEqualTo(200);

            JsonNode health = server.adminPortClient().get("/healthcheck").json();
            JsonNode pluginsCheck = health.get("plugins");
            assertThat(pluginsCheck.get("healthy").asBoolean()).isFalse();
            assertThat(pluginsCheck.get("message").asText()).contains("broken-plugin.jar").contains("flow-nodes");
            assertThat(health.get("lenz-database").get("healthy").asBoolean()).isTrue();
        }
    }

    @Test
    void withOnlyGoodPluginsTheCheckIsHealthy() {
        try (TestServer server = TestServer.start()) {
            JsonNode health = server.adminPortClient().get("/healthcheck").json();

            assertThat(health.get("plugins").get("healthy").asBoolean()).isTrue();
            assertThat(health.get("plugins").get("message").asText()).contains("flow-nodes");
            assertThat(health.get("lenz-database").get("healthy").asBoolean()).isTrue();
            assertThat(health.get("fremis-database").get("healthy").asBoolean()).isTrue();
        }
    }
}
