package com.lenz.central.db;

import static com.lenz.central.workflow.WorkflowBodies.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.LogCapture;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.TestServer;
import com.lenz.central.workflow.WorkflowBodies;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database stops for about ten seconds while a workflow waits in a {@code delay} node: the run waits for
 * it and ends {@code success}; requests meanwhile answer 503 (never 500); the outage is one WARN line and its
 * end one INFO line; the database health check is red during it and green right after.
 */
@Tag("faults")
class DatabaseOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private PgCluster cluster;
    private TestServer server;
    private LogCapture logs;

    private void start(String staleAfter) {
        cluster = PgCluster.start();
        server = TestServer.builder()
                .databases(cluster.createDatabase("lenz"), cluster.createDatabase("fremis"))
                .set("workflows.heartbeatInterval", "1s")
                .set("workflows.staleAfter", staleAfter)
                .set("logging.level", "INFO")
                .start();
        logs = LogCapture.capture();
    }

    @AfterEach
    void stop() {
        if (logs != null) {
            logs.close();
        }
        if (server != null) {
            server.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aRunWaitsOutAnOutageAndRequestsMeanwhileAre503() throws Exception {
        start("40s");
        ApiClient admin = server.admin();
        String workflow = delayThenSet(admin, 3000);
        String execution = startAndAwaitDelay(admin, workflow);

        ConcurrentMap<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> unexpected = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean outage = new AtomicBoolean(true);
        Thread clients = new Thread(() -> {
            int n = 0;
            while (outage.get()) {
                ApiClient.Response r = request(admin, workflow, n++);
                statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
                if (r.status() != 200 && r.status() != 503) {
                    unexpected.add(r.toString());
                } else if (r.status() == 503 && !"the database is unavailable".equals(r.text("error"))) {
                    unexpected.add(r.toString());
                }
            }
        }, "outage-client");

        long down = System.nanoTime();
        clients.start();
        cluster.stop();
        JsonNode healthDuring = server.adminPortClient().get("/healthcheck").json();
        Thread.sleep(Math.max(0, OUTAGE.toMillis() - (System.nanoTime() - down) / 1_000_000));
        cluster.startAgain();
        long back = System.nanoTime();
        long greenAfterMs = awaitHealthy(back);
        outage.set(false);
        clients.join(30_000);

        assertThat(unexpected).as("answers during the outage other than 200 or the 503 envelope").isEmpty();
        assertThat(statuses).as("statuses during the outage").containsKey(503);
        assertThat(healthDuring.get("lenz-database").get("healthy").asBoolean()).as(healthDuring.toString()).isFalse();
        assertThat(greenAfterMs).as("ms from the database back to a green health check").isLessThan(5_000);

        JsonNode run = awaitEnd(admin, workflow, execution);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("success");
        assertThat(run.get("node_results").get(1).get("output").get("done").asBoolean()).isTrue();

        String text = logs.text();
        assertThat(count(text, "WARN com.lenz.central.db.DatabaseAvailability: database lenz-database is unavailable"))
                .as(text).isEqualTo(1);
        assertThat(count(text, "INFO com.lenz.central.db.DatabaseAvailability: database lenz-database is available again"))
                .as(text).isEqualTo(1);
        assertThat(text).as("no errors nor stack traces for an outage").doesNotContain("ERROR ").doesNotContain("\tat ");
        assertThat(count(text, "WARN ")).as(text).isLessThanOrEqualTo(2);
    }

    @Test
    void aRunWhoseDatabaseStaysAwayLongerThanStaleAfterEndsFailedSayingSo() throws Exception {
        start("4s");
        ApiClient admin = server.admin();
        String workflow = delayThenSet(admin, 1500);
        String execution = startAndAwaitDelay(admin, workflow);

        cluster.stop();
        Thread.sleep(12_000); // the delay ends, its end cannot be stored for WORKFLOW_STALE_AFTER (4 s)
        cluster.startAgain();

        JsonNode run = awaitEnd(admin, workflow, execution);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("failed");
        assertThat(run.get("error").asText()).as(run.toString()).startsWith("the database was unavailable for ");
        assertThat(run.get("node_results").get(0).get("status").asText()).as(run.toString()).isEqualTo("success");
        assertThat(run.get("node_results").get(1).get("status").asText()).isEqualTo("skipped");
        assertThat(run.get("node_results").get(1).get("error").asText()).startsWith("the database was unavailable for ");
        assertThat(logs.text()).doesNotContain("ERROR ").doesNotContain("\tat ");
    }

    /** A request of the mix: logins, lists, event ingest, executions, reads of the running execution. */
    private ApiClient.Response request(ApiClient admin, String workflow, int n) {
        return switch (n % 4) {
            case 0 -> server.anonymous().post("/api/auth/token",
                    Map.of("user_access", TestServer.ADMIN_USERNAME, "password", TestServer.ADMIN_PASSWORD));
            case 1 -> admin.get("/api/workflows");
            case 2 -> admin.post("/api/events", Map.of("events", List.of(Map.of("analytic_type", "OUT",
                    "stream_id", "cam", "event_time", "2025-05-01T00:00:00Z", "data", Map.of("n", n)))));
            default -> admin.get("/api/workflows/" + workflow + "/logs");
        };
    }

    private long awaitHealthy(long back) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode health = server.adminPortClient().get("/healthcheck").json();
            if (health != null && health.get("lenz-database").get("healthy").asBoolean()) {
                return (System.nanoTime() - back) / 1_000_000;
            }
            Thread.sleep(20);
        }
        return Long.MAX_VALUE;
    }

    /** A workflow whose run waits {@code delayMs} in a {@code delay} node, then stores a {@code set} node. */
    private static String delayThenSet(ApiClient admin, int delayMs) {
        return create(admin, node("wait", "delay", Map.of("duration_ms", delayMs)),
                node("after", "set", Map.of("values", Map.of("done", true))));
    }

    /** Starts a run of {@code workflow} and returns its id once its delay node runs. */
    private static String startAndAwaitDelay(ApiClient admin, String workflow) throws InterruptedException {
        String execution = admin.post("/api/workflows/" + workflow + "/execute?wait=false", null)
                .json().get("data").get("id").asText();
        awaitNodeRunning(admin, workflow, execution);
        return execution;
    }

    private static void awaitNodeRunning(ApiClient admin, String workflow, String execution) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode nodes = admin.get("/api/workflows/" + workflow + "/logs/" + execution).json().get("data").get("node_results");
            if (nodes.size() > 0 && "running".equals(nodes.get(0).get("status").asText())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the delay node did not start");
    }

    private static JsonNode awaitEnd(ApiClient admin, String workflow, String execution) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode data = null;
        while (System.nanoTime() < deadline) {
            ApiClient.Response r = admin.get("/api/workflows/" + workflow + "/logs/" + execution);
            if (r.status() == 200) {
                data = r.json().get("data");
                if (!"running".equals(data.get("status").asText())) {
                    return data;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the execution did not end: " + data);
    }

    private static int count(String text, String line) {
        Matcher m = Pattern.compile(Pattern.quote(line)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @SafeVarargs
    private static String create(ApiClient admin, Map<String, Object>... nodes) {
        return WorkflowBodies.create(admin, WorkflowBodies.manual("outage " + System.nanoTime(), nodes));
    }

}
