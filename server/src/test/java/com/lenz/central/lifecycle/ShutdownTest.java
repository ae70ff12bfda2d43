package com.lenz.central.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The server as its own process, stopped as an operator stops it: SIGTERM drains the running executions
 * (finishing them within SHUTDOWN_GRACE, else ending them as failed before the process exits), refuses new
 * ones with a 503 envelope meanwhile and logs no ERROR; after kill -9 the restarted server closes its dead
 * executions at once and deals with the PostgreSQL the killed server left running.
 */
@Tag("faults")
class ShutdownTest {

    static final String STOPPED = "the server stopped during this execution";
    private ServerProcess server;

    @AfterEach
    void cleanUp() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void sigtermLetsRunningExecutionsFinishAndRefusesNewOnes() throws Exception {
        server = ServerProcess.create(Map.of("SHUTDOWN_GRACE", "30s")).start();
        ApiClient admin = server.admin();
        String workflow = createDelayWorkflow(admin, 3000);
        List<String> executions = startExecutions(admin, workflow, 4);
        // A client waiting for its execution's end gets it, although the server is stopping meanwhile.
        CompletableFuture<ApiClient.Response> waiting = CompletableFuture.supplyAsync(
                () -> admin.post("/api/workflows/" + workflow + "/execute", null));
        awaitRunning(admin, workflow, 5);

        long sigterm = System.nanoTime();
        server.terminate();
        ApiClient.Response refused = awaitRefusal(admin, workflow);

        assertThat(server.waitForExit(Duration.ofSeconds(30 + 5))).as("exited within SHUTDOWN_GRACE + 5 s").isTrue();
        Duration took = Duration.ofNanos(System.nanoTime() - sigterm);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.json().get("ok").asBoolean()).isFalse();
        assertThat(refused.text("message")).isEqualTo("server is stopping");
        ApiClient.Response waited = waiting.get();
        assertThat(waited.status()).as(waited.toString()).isEqualTo(200);
        assertThat(waited.json().get("data").get("status").asText()).isEqualTo("success");
        assertThat(server.errorLines()).as("ERROR lines of a normal shutdown").isEmpty();
        assertThat(server.output()).contains("stopping: every execution finished");
        assertThat(took).isLessThan(Duration.ofSeconds(30));

        server.start(); // on the same DATA_DIR and database: what did the first run record?
        ApiClient again = server.admin();
        for (String id : executions) {
            JsonNode execution = execution(again, workflow, id);
            assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("success");
        }
    }

    @Test
    void sigtermEndsExecutionsStillRunningAfterTheGraceAsFailedBeforeExiting() {
        server = ServerProcess.create(Map.of("SHUTDOWN_GRACE", "2s")).start();
        ApiClient admin = server.admin();
        String workflow = createDelayWorkflow(admin, 60_000);
        List<String> executions = startExecutions(admin, workflow, 4);
        awaitRunning(admin, workflow, 4);

        server.terminate();

        assertThat(server.waitForExit(Duration.ofSeconds(2 + 5))).as("exited within SHUTDOWN_GRACE + 5 s").isTrue();
        assertThat(server.errorLines()).as("ERROR lines of a normal shutdown").isEmpty();
        String log = server.output();
        assertThat(log.indexOf("ending them as failed")).as(log).isPositive()
                .isLessThan(log.indexOf("stopping embedded PostgreSQL"));

        server.start();
        ApiClient again = server.admin();
        for (String id : executions) {
            JsonNode execution = execution(again, workflow, id);
            assertThat(execution.get("status").asText()).as(execution.toString()).isEqualTo("failed");
            assertThat(execution.get("error").asText()).isEqualTo(STOPPED);
            assertThat(execution.get("node_results").get(0).get("status").asText()).isEqualTo("failed");
        }
        assertThat(server.output()).as("nothing was left running for the restart to close")
                .doesNotContain("previous run");
    }

    @Test
    void afterKillMinus9TheRestartedServerClosesItsDeadExecutionAtOnce() {
        // A stale limit far beyond the test: only the server's own identity can close the run this fast.
        server = ServerProcess.create(Map.of("WORKFLOW_STALE_AFTER", "10m")).start();
        ApiClient admin = server.admin();
        String workflow = createDelayWorkflow(admin, 600_000);
        String execution = startExecutions(admin, workflow, 1).get(0);
        awaitRunning(admin, workflow, 1);

        server.kill();
        server.start();

        JsonNode closed = execution(server.admin(), workflow, execution);
        assertThat(closed.get("status").asText()).as(closed.toString()).isEqualTo("failed");
        assertThat(closed.get("error").asText()).isEqualTo(STOPPED);
        assertThat(closed.get("finished_at").isNull()).isFalse();
        List<String> orphanLines = server.output().lines().filter(l -> l.contains("was left running by a server")).toList();
        assertThat(orphanLines).as("one line about the PostgreSQL the killed server left").hasSize(1);
        assertThat(server.errorLines()).isEmpty();
    }

    static String createDelayWorkflow(ApiClient admin, int delayMs) {
        Map<String, Object> body = Map.of("name", "delay " + delayMs + " " + System.nanoTime(), "is_active", true,
                "trigger_node", Map.of("type", "manual"),
                "nodes", List.of(Map.of("id", "wait", "type", "delay", "name", "Wait",
                        "config", Map.of("duration_ms", delayMs))));
        ApiClient.Response r = admin.post("/api/workflows", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("data").get("id").asText();
    }

    static List<String> startExecutions(ApiClient admin, String workflow, int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ApiClient.Response r = admin.post("/api/workflows/" + workflow + "/execute?wait=false", null);
            assertThat(r.status()).as(r.toString()).isEqualTo(202);
            ids.add(r.json().get("data").get("id").asText());
        }
        return ids;
    }

    /** Waits until {@code count} executions of the workflow have their delay node running. */
    static void awaitRunning(ApiClient admin, String workflow, int count) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode data = admin.get("/api/workflows/" + workflow + "/logs?limit=100").json().get("data");
            int running = 0;
            for (JsonNode e : data) {
                JsonNode nodes = e.get("node_results");
                if (nodes.size() > 0 && nodes.get(0).get("status").asText().equals("running")) {
                    running++;
                }
            }
            if (running >= count) {
                return;
            }
            sleep(50);
        }
        throw new AssertionError("fewer than " + count + " executions started running");
    }

    /** Asks for new executions until the stopping server refuses one (or stops answering). */
    private ApiClient.Response awaitRefusal(ApiClient admin, String workflow) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        ApiClient.Response last = null;
        while (System.nanoTime() < deadline && server.isAlive()) {
            try {
                last = admin.post("/api/workflows/" + workflow + "/execute?wait=false", null);
            } catch (RuntimeException gone) {
                break;
            }
            if (last.status() != 202) {
                return last;
            }
            sleep(20);
        }
        throw new AssertionError("the stopping server never refused a new execution; last answer: " + last);
    }

    static JsonNode execution(ApiClient client, String workflow, String id) {
        ApiClient.Response r = client.get("/api/workflows/" + workflow + "/logs/" + id);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return r.json().get("data");
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
