package com.lenz.central.db;

import static com.lenz.central.workflow.WorkflowBodies.node;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static com.lenz.central.workflow.WorkflowBodies.with;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import com.lenz.central.workflow.WorkflowBodies;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A CSV export (PostgreSQL's COPY over ~200,000 events) cut in the middle by the node's timeout, by a cancel or
 * by a full disk must not leave its connection, still streaming, in the pool: afterwards every kind of request
 * answers as on a fresh server.
 */
@Tag("faults")
class InterruptedExportTest {

    private static final int EVENTS = 200_000;
    private static final int MIXED_REQUESTS = 200;
    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();
    private static TestServer server;
    private static ApiClient admin;
    private static String quickWorkflow;
    private static int workflowsBefore;

    @BeforeAll
    static void start() throws Exception {
        server = SERVER.server();
        admin = SERVER.admin();
        try (Connection c = DriverManager.getConnection(server.setting("database.url"), "postgres", "");
             Statement s = c.createStatement()) {
            // A fat data field makes the file big (a full disk) and the copy long (a timeout, a cancel).
            s.execute("INSERT INTO event_history (analytic_type, stream_id, event_time, data) SELECT 'FR', 'cam-1', "
                    + "timestamptz '2025-04-29 00:00:00+00' + g * interval '100 ms', jsonb_build_object('face_id', 'f-' || g, "
                    + "'name', 'person ' || g, 'similarity', 0.9, 'note', repeat('x', 300)) FROM generate_series(1, "
                    + EVENTS + ") g");
        }
        quickWorkflow = create(node("a", "set", Map.of("values", Map.of("answer", 42))));
        workflowsBefore = admin.get("/api/workflows?limit=100").json().get("data").size();
    }

    @Test
    void anExportCutByItsTimeoutLeavesNoBrokenConnection() throws Exception {
        String id = create(with(export("/exports/timeout"), "timeout_ms", 300));

        ApiClient.Response r = admin.post("/api/workflows/" + id + "/execute", null);

        assertThat(r.status()).as(r.toString()).isEqualTo(422); // a failed run
        JsonNode export = r.json().get("data").get("node_results").get(0);
        assertThat(export.get("status").asText()).as(r.toString()).isEqualTo("failed");
        assertThat(export.get("error").asText()).isEqualTo("timed out after 300 ms");
        assertMixedRequestsAnswerAsOnAFreshServer();
    }

    @Test
    void anExportCancelledWhileCopyingLeavesNoBrokenConnection() throws Exception {
        String id = create(export("/exports/cancel"));
        String execution = admin.post("/api/workflows/" + id + "/execute?wait=false", null).json().get("data").get("id").asText();
        Thread.sleep(400);

        ApiClient.Response cancelled = admin.post("/api/workflows/" + id + "/logs/" + execution + "/cancel", null);

        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().get("data").get("status").asText()).as(cancelled.toString()).isEqualTo("cancelled");
        assertMixedRequestsAnswerAsOnAFreshServer();
    }

    @Test
    void anExportThatFillsTheDiskLeavesNoBrokenConnection() throws Exception {
        Path full = Path.of(server.setting("exportDir")).resolve("full");
        Files.createDirectories(full);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", full.toString())
                .redirectErrorStream(true).start();
        boolean mounted = mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0;
        assumeTrue(mounted, () -> "cannot mount a small tmpfs (not root?): " + output(mount));
        try {
            String id = create(export("/exports/full"));

            ApiClient.Response r = admin.post("/api/workflows/" + id + "/execute", null);

            assertThat(r.status()).as(r.toString()).isEqualTo(422); // a failed run
            JsonNode export = r.json().get("data").get("node_results").get(0);
            assertThat(export.get("status").asText()).as(r.toString()).isEqualTo("failed");
            assertThat(export.get("error").asText()).containsIgnoringCase("no space left on device");
            assertMixedRequestsAnswerAsOnAFreshServer();
        } finally {
            new ProcessBuilder("umount", "-l", full.toString()).start().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Logins, lists, event ingest and executions from 4 clients at once: every answer as a fresh server gives it. */
    private static void assertMixedRequestsAnswerAsOnAFreshServer() throws Exception {
        String type = "MIX" + System.nanoTime();
        List<String> wrong = Collections.synchronizedList(new ArrayList<>());
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < MIXED_REQUESTS; i++) {
                int n = i;
                done.add(clients.submit(() -> {
                    String problem = mixedRequest(n, type);
                    if (problem != null) {
                        wrong.add(problem);
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(wrong).as("requests that did not answer as on a fresh server").isEmpty();
        ApiClient.Response events = admin.get("/api/events?analytic_type=" + type + "&limit=1");
        assertThat(events.json().get("total_data").asLong()).as(events.toString()).isEqualTo(MIXED_REQUESTS / 5);
    }

    /** One request of the mix; null when it answered as it should, else what came back. */
    private static String mixedRequest(int n, String type) {
        ApiClient.Response r;
        boolean right;
        switch (n % 5) {
            case 0 -> {
                r = server.anonymous().post("/api/auth/token",
                        Map.of("user_access", TestServer.ADMIN_USERNAME, "password", TestServer.ADMIN_PASSWORD));
                right = r.status() == 200 && r.text("access_token") != null && !r.text("access_token").isEmpty();
            }
            case 1 -> {
                r = admin.get("/api/workflows?limit=100");
                right = r.status() == 200 && r.json().get("data").size() >= workflowsBefore;
            }
            case 2 -> {
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("analytic_type", type);
                event.put("stream_id", "cam-" + n);
                event.put("event_time", "2025-05-01T00:00:00Z");
                event.put("data", Map.of("n", n));
                r = admin.post("/api/events", Map.of("events", List.of(event)));
                right = r.status() == 200 && r.json().get("data").get("received").asInt() == 1;
            }
            case 3 -> {
                r = admin.get("/api/events?analytic_type=FR&limit=3");
                right = r.status() == 200 && r.json().get("data").size() == 3 && r.json().get("total_data").asLong() == EVENTS;
            }
            default -> {
                r = admin.post("/api/workflows/" + quickWorkflow + "/execute", null);
                right = r.status() == 200 && "success".equals(r.json().get("data").get("status").asText())
                        && r.json().get("data").get("node_results").get(0).get("output").get("answer").asInt() == 42;
            }
        }
        return right ? null : "request " + n + ": " + r;
    }

    private static Map<String, Object> export(String dir) {
        return node("export", "event_history_export", Map.of("analytic_type", "FR",
                "date_range", Map.of("from", "2025-04-29", "to", "2025-04-29"), "timezone", "UTC", "format", "csv",
                "output_dir", dir));
    }

    private static String create(Map<String, Object> node) {
        return WorkflowBodies.create(admin, WorkflowBodies.manual("pool " + System.nanoTime(), node));
    }


    private static String output(Process p) {
        try {
            return new String(p.getInputStream().readAllBytes()).trim();
        } catch (java.io.IOException e) {
            return e.getMessage();
        }
    }
}
