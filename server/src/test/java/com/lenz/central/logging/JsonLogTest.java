package com.lenz.central.logging;

import static com.lenz.central.workflow.WorkflowBodies.manual;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static com.lenz.central.workflow.WorkflowBodies.with;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.ServerProcess;
import com.lenz.central.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real server started with {@code LOG_FORMAT=json} on a new embedded database (the first start runs every
 * migration): every line it prints is one JSON object, a run's lines carry its ids, the request log carries
 * the request id the client got back, and nothing else reaches stdout (no Liquibase summary, no
 * logback-access version chatter).
 */
class JsonLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ServerProcess server;

    @BeforeAll
    static void start() throws IOException {
        Path plugins = Files.createTempDirectory("lenz-json-plugins-");
        try (var jars = Files.list(TestServer.testPluginsDir())) {
            for (Path jar : (Iterable<Path>) jars.filter(p -> p.toString().endsWith(".jar"))::iterator) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        server = ServerProcess.create(Map.of("LOG_FORMAT", "json", "PLUGINS_DIR", plugins.toString())).start();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** The lines printed so far, each parsed (failing on the first that is not a JSON object). */
    private static List<JsonNode> lines() {
        List<JsonNode> out = new ArrayList<>();
        for (String line : server.output().split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            try {
                JsonNode node = JSON.readTree(line);
                assertThat(node.isObject()).as(line).isTrue();
                out.add(node);
            } catch (IOException e) {
                throw new AssertionError("not a JSON line: " + line);
            }
        }
        return out;
    }

    /** Waits (the request log is written asynchronously) until a line matches. */
    private static JsonNode lineWhere(Predicate<JsonNode> match, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            for (JsonNode line : lines()) {
                if (match.test(line)) {
                    return line;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no log line " + what + ":\n" + server.output());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void everyLineOfAFirstStartIsAJsonObjectAndMigrationsGoThroughTheLogger() {
        List<JsonNode> lines = lines();

        assertThat(lines).anySatisfy(line -> {
            assertThat(line.path("logger").asText()).startsWith("liquibase");
            assertThat(line.path("message").asText()).startsWith("Running Changeset: migrations/lenz/001-");
        });
        assertThat(lines).allSatisfy(line -> {
            assertThat(line.has("timestamp")).isTrue();
            assertThat(line.toString()).doesNotContain("Versions of logback-access").doesNotContain("Expected version");
        });
        assertThat(server.output()).doesNotContain("|-WARN").doesNotContain("|-INFO").doesNotContain("UPDATE SUMMARY\n");
    }

    @Test
    void aRunsLinesCarryItsIdsAndRequestsTheirRequestId() {
        ApiClient admin = server.admin();
        ApiClient.Response created = admin.post("/api/workflows", manual("json log " + System.nanoTime(),
                node("shout", "uppercase", Map.of("text", "json")),
                with(node("slow-shout", "uppercase", Map.of("text", "on a node thread")), "timeout_ms", 10_000)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String workflowId = created.json().get("data").get("id").asText();

        ApiClient.Response run = admin.send(admin.request("/api/workflows/" + workflowId + "/execute")
                .header("Content-Type", "application/json").header("X-Request-Id", "run-request-42")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}")));
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        assertThat(run.headers().firstValue("X-Request-Id")).hasValue("run-request-42");
        String executionId = run.json().get("data").get("id").asText();

        for (String nodeId : List.of("shout", "slow-shout")) {
            JsonNode line = lineWhere(l -> l.path("logger").asText().equals("workflow.node.uppercase")
                    && nodeId.equals(l.path("node_id").asText()), "of node " + nodeId);
            assertThat(line.path("execution_id").asText()).isEqualTo(executionId);
            assertThat(line.path("workflow_id").asText()).isEqualTo(workflowId);
            assertThat(line.path("message").asText()).contains("upper-casing");
        }
        JsonNode access = lineWhere(l -> l.path("uri").asText().equals("/api/workflows/" + workflowId + "/execute"),
                "of the execute request");
        assertThat(access.path("responseHeaders").path("X-Request-Id").asText()).isEqualTo("run-request-42");
        assertThat(access.path("status").asInt()).isEqualTo(200);
    }

    @Test
    void aMissingOrInsaneRequestIdIsReplacedByANewOne() {
        ApiClient anonymous = server.anonymous();
        ApiClient.Response none = anonymous.get("/api/ces/ping");
        ApiClient.Response insane = anonymous.send(anonymous.request("/api/ces/nope")
                .header("X-Request-Id", "evil\" id with spaces and a quote"));

        String generated = none.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(generated).matches("[0-9a-f-]{36}");
        String replaced = insane.headers().firstValue("X-Request-Id").orElseThrow();
        assertThat(replaced).matches("[0-9a-f-]{36}").isNotEqualTo(generated);
        assertThat(insane.status()).isEqualTo(404);
        lineWhere(l -> replaced.equals(l.path("responseHeaders").path("X-Request-Id").asText())
                && l.path("status").asInt() == 404, "of the 404 with its new id");
    }

    @Test
    void theScrapeOfARealStartHasTheJvmMetrics() {
        ApiClient port = new ApiClient(server.adminUrl(), null);
        ApiClient.Response r = port.get("/metrics/prometheus");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.raw()).contains("\njvm_memory_heap_used ").contains("\njvm_threads_count ");
    }
}
