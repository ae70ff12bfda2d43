package com.lenz.central.plugin;

import static com.lenz.central.plugin.PluginJars.plugin;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.workflow.WorkflowBodies;
import java.io.IOException;
import java.lang.ref.WeakReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * POST /tasks/plugins/reload on the admin port: a jar swapped for version 2 while a run of version 1 waits in a
 * delay leaves that run on version 1 and gives new runs version 2; a removed jar's node type disappears and the
 * workflows using it are reported; retired class loaders are released.
 */
class PluginReloadTest {

    @Test
    void aRunningExecutionKeepsItsVersionNewRunsGetTheNewOneAndRemovalIsReported(@TempDir Path vendor)
            throws IOException {
        Path v1 = plugin("markers", "1.0.0").nodes("JarMarkerNode").file("lenz-test-marker.txt", "v1")
                .writeTo(vendor, "markers-1.0.0.jar");
        try (TestServer server = TestServer.builder().pluginsDir(vendor).start()) {
            ApiClient admin = server.admin();
            String slow = create(admin, "slow marker", WorkflowBodies.node("wait", "delay", Map.of("duration_ms", 6000)),
                    WorkflowBodies.node("mark", "jar_marker", Map.of()));
            String quick = create(admin, "quick marker", WorkflowBodies.node("mark", "jar_marker", Map.of()));
            ApiClient.Response started = admin.post("/api/workflows/" + slow + "/execute?wait=false", null);
            assertThat(started.status()).as(started.raw()).isEqualTo(202);
            String oldRun = started.json().get("data").get("id").asText();
            await("the old run to be in its delay", () -> "running".equals(
                    nodeStatus(admin, slow, oldRun, 0)));

            Files.delete(v1);
            plugin("markers", "2.0.0").nodes("JarMarkerNode").file("lenz-test-marker.txt", "v2")
                    .writeTo(vendor, "markers-2.0.0.jar");
            ApiClient.Response reload = server.adminPortClient().post("/tasks/plugins/reload", null);
            assertThat(reload.status()).as(reload.raw()).isEqualTo(200);
            assertThat(reload.raw()).contains("markers-2.0.0.jar: markers 2.0.0 STARTED");
            assertThat(nodeStatus(admin, slow, oldRun, 0)).as("the old run is still in its delay after the reload")
                    .isEqualTo("running");

            ApiClient.Response newRun = admin.post("/api/workflows/" + quick + "/execute", null);
            assertThat(newRun.status()).as(newRun.raw()).isLessThan(300);
            await("the new run to end", () -> !lastStatus(admin, quick).equals("running"));
            assertThat(lastRun(admin, quick).get("node_results").get(0).get("output").get("marker").asText())
                    .isEqualTo("v2");
            await("the old run to end", () -> !runOf(admin, slow, oldRun).get("status").asText().equals("running"));
            JsonNode old = runOf(admin, slow, oldRun);
            assertThat(old.get("status").asText()).as(old.toString()).isEqualTo("success");
            assertThat(old.get("node_results").get(1).get("output").get("marker").asText()).isEqualTo("v1");
            assertThat(markersPlugins(admin)).containsExactly("2.0.0");

            JsonNode healthy = server.adminPortClient().get("/healthcheck").json().get("workflow-node-types");
            assertThat(healthy.get("healthy").asBoolean()).isTrue();
            Files.delete(vendor.resolve("markers-2.0.0.jar"));
            server.adminPortClient().post("/tasks/plugins/reload", null);

            assertThat(markersPlugins(admin)).isEmpty();
            assertThat(PluginJars.nodeTypes(admin))
                    .doesNotContain("jar_marker").contains("delay");
            JsonNode check = server.adminPortClient().get("/healthcheck").json().get("workflow-node-types");
            assertThat(check.get("healthy").asBoolean()).isFalse();
            assertThat(check.get("message").asText()).contains(slow, quick, "slow marker", "jar_marker");
        }
    }

    @Test
    void fiftyReloadsReleaseEveryRetiredClassLoader(@TempDir Path vendor, @TempDir Path bundled) {
        plugin("markers", "1.0.0").nodes("JarMarkerNode").file("lenz-test-marker.txt", "v1")
                .writeTo(vendor, "markers-1.0.0.jar");
        PluginLoader loader = new PluginLoader(bundled, vendor, "1.0.0");
        loader.start();
        try {
            List<WeakReference<ClassLoader>> retired = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                retired.add(new WeakReference<>(markerLoader(loader)));
                loader.reload();
            }
            ClassLoader live = markerLoader(loader);
            assertThat(retired).noneMatch(ref -> ref.get() == live);
            assertThat(loader.retiredGenerations()).isZero();

            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (retired.stream().anyMatch(ref -> ref.get() != null) && System.nanoTime() < deadline) {
                System.gc();
                sleep(50);
            }
            assertThat(retired.stream().filter(ref -> ref.get() != null).count()).as("class loaders still reachable")
                    .isZero();
        } finally {
            loader.stop();
        }
    }

    @Test
    void aHeldGenerationIsClosedOnlyWhenItsLastExecutionEnds(@TempDir Path vendor, @TempDir Path bundled) {
        plugin("markers", "1.0.0").nodes("JarMarkerNode").writeTo(vendor, "markers-1.0.0.jar");
        PluginLoader loader = new PluginLoader(bundled, vendor, "1.0.0");
        loader.start();
        try {
            NodeTypes held = loader.acquire();
            loader.reload();
            assertThat(loader.retiredGenerations()).isEqualTo(1);
            assertThat(held.find("jar_marker")).isPresent();
            held.close();
            held.close();
            assertThat(loader.retiredGenerations()).isZero();
        } finally {
            loader.stop();
        }
    }

    private static ClassLoader markerLoader(PluginLoader loader) {
        return loader.current().types().get("jar_marker").node().getClass().getClassLoader();
    }

    private static List<String> markersPlugins(ApiClient admin) {
        List<String> versions = new ArrayList<>();
        admin.get("/api/plugins").json().get("data").forEach(p -> {
            if (p.get("id").asText().equals("markers")) {
                versions.add(p.get("version").asText());
            }
        });
        return versions;
    }

    private static String nodeStatus(ApiClient admin, String workflow, String run, int index) {
        JsonNode results = runOf(admin, workflow, run).get("node_results");
        return results == null || results.size() <= index ? null : results.get(index).get("status").asText();
    }

    private static JsonNode runOf(ApiClient admin, String workflow, String run) {
        return admin.get("/api/workflows/" + workflow + "/logs/" + run).json().get("data");
    }

    private static JsonNode lastRun(ApiClient admin, String workflow) {
        JsonNode data = admin.get("/api/workflows/" + workflow + "/logs?limit=1").json().get("data");
        return runOf(admin, workflow, data.get(0).get("id").asText());
    }

    private static String lastStatus(ApiClient admin, String workflow) {
        return lastRun(admin, workflow).get("status").asText();
    }

    @SafeVarargs
    private static String create(ApiClient admin, String name, Map<String, Object>... nodes) {
        return WorkflowBodies.create(admin, WorkflowBodies.manual(name, nodes));
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            sleep(100);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
