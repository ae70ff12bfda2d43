package com.lenz.central.workflow;

import static com.lenz.central.workflow.WorkflowBodies.manual;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.SharedPostgres;
import com.lenz.central.testing.TestServer;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Executions and servers that stop, die, or share one database: nothing is left reading running, and a
 * cancel reaches the server that runs the execution.
 */
class ExecutionRecoveryTest {

    private static final String LENZ_DB = SharedPostgres.newDatabase("lenz");
    private static TestServer first;
    private static TestServer second;

    @BeforeAll
    static void start() {
        PgCluster cluster = SharedPostgres.cluster();
        String fremis = cluster.jdbcUrl(SharedPostgres.newDatabase("fremis"));
        first = server(cluster, fremis).start();
        // A second server on the same database, with room for one execution only.
        second = server(cluster, fremis).set("workflows.maxConcurrentExecutions", "1")
                .set("workflows.maxQueuedExecutions", "0").start();
    }

    private static TestServer.Builder server(PgCluster cluster, String fremis) {
        return TestServer.builder().withTestPlugins().databases(cluster.jdbcUrl(LENZ_DB), fremis)
                .set("workflows.heartbeatInterval", "200ms").set("workflows.staleAfter", "2s");
    }

    @AfterAll
    static void stop() {
        first.stop();
        second.stop();
    }

    private static String startLongRun(ApiClient client, String workflowId) {
        ApiClient.Response r = client.post("/api/workflows/" + workflowId + "/execute?wait=false", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String execution = r.json().get("data").get("id").asText();
        ExecutionTest.await(client, workflowId, execution, e -> e.get("node_results").size() == 2
                && e.get("node_results").get(1).get("status").asText().equals("running"));
        return execution;
    }

    private static Map<String, Object> longWorkflow() {
        return manual("long " + System.nanoTime(), node("a", "echo", Map.of()), node("b", "sleep", Map.of("ms", 120_000)),
                node("c", "echo", Map.of()));
    }

    @Test
    void anExecutionOfAServerStoppedMidwayReadsFailedAfterRestart() {
        ApiClient admin = first.admin();
        String workflow = WorkflowBodies.create(admin, longWorkflow());
        String execution = startLongRun(admin, workflow);

        first.stop();
        first.startAgain();

        JsonNode after = first.admin().get("/api/workflows/" + workflow + "/logs/" + execution).json().get("data");
        assertThat(after.get("status").asText()).isEqualTo("failed");
        assertThat(after.get("error").asText()).isEqualTo("the server stopped during this execution");
        assertThat(after.get("finished_at").isNull()).isFalse();
        assertThat(after.get("node_results").get(1).get("status").asText()).isEqualTo("failed");
        assertThat(after.get("node_results").get(2).get("status").asText()).isEqualTo("skipped");
    }

    @Test
    void executionsLeftRunningByADeadServerAreClosedAsFailedByALiveOne() {
        ApiClient admin = first.admin();
        String workflow = WorkflowBodies.create(admin, manual("dead " + System.nanoTime(), node("a", "echo", Map.of())));
        // What a server that died (kill -9, power loss) leaves: a running row whose heartbeat stopped.
        // One transaction: a heartbeat check between the two inserts would close the execution but not its node.
        SharedPostgres.cluster().execute(LENZ_DB, "BEGIN",
                "INSERT INTO workflow_executions (id, workflow_id, trigger_type, triggered_by, status, started_at, heartbeat_at) "
                        + "VALUES ('dead-1', '" + workflow + "', 'manual', 'someone', 'running', now() - interval '1 minute', "
                        + "now() - interval '50 seconds')",
                "INSERT INTO workflow_node_results (execution_id, position, node_id, node_type, status, attempts, started_at) "
                        + "VALUES ('dead-1', 0, 'a', 'echo', 'running', 1, now() - interval '1 minute')", "COMMIT");

        JsonNode closed = ExecutionTest.await(admin, workflow, "dead-1", e -> !e.get("status").asText().equals("running"));

        assertThat(closed.get("status").asText()).isEqualTo("failed");
        assertThat(closed.get("error").asText()).contains("stopped without finishing it");
        assertThat(closed.get("node_results").get(0).get("status").asText()).isEqualTo("failed");
    }

    @Test
    void aRestartClosesOnlyTheExecutionsOfThisServerNotThoseOfAnotherWhoseHeartbeatIsFresh() {
        ApiClient admin = first.admin();
        String workflow = WorkflowBodies.create(admin, manual("owners " + System.nanoTime(), node("a", "echo", Map.of())));
        String self = first.nodeIdentity().id() + "/" + readServerIdSuffix(first);
        String fresh = "now() + interval '10 minutes'";
        // What this server left when it died a moment ago, and what another, live server runs. Both stamps
        // stay fresh for longer than the test runs: the heartbeat check (2 s here) must not be what closes them.
        SharedPostgres.cluster().execute(LENZ_DB,
                "INSERT INTO workflow_executions (id, workflow_id, trigger_type, triggered_by, status, started_at, server_id, "
                        + "heartbeat_at) VALUES ('mine-1', '" + workflow + "', 'manual', 'someone', 'running', now(), '" + self
                        + "', " + fresh + "), ('theirs-1', '" + workflow + "', 'manual', 'someone', 'running', now(), "
                        + "'elsewhere/0000', " + fresh + ")");

        first.stop();
        first.startAgain();

        ApiClient again = first.admin();
        JsonNode mine = again.get("/api/workflows/" + workflow + "/logs/mine-1").json().get("data");
        assertThat(mine.get("status").asText()).as("closed at start, not after WORKFLOW_STALE_AFTER").isEqualTo("failed");
        assertThat(mine.get("error").asText()).isEqualTo("the server stopped during this execution");
        JsonNode theirs = again.get("/api/workflows/" + workflow + "/logs/theirs-1").json().get("data");
        assertThat(theirs.get("status").asText()).as("left to its own server, or to the heartbeat check").isEqualTo("running");
        SharedPostgres.cluster().execute(LENZ_DB, "UPDATE workflow_executions SET status = 'failed' WHERE id = 'theirs-1'");
    }

    private static String readServerIdSuffix(TestServer server) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(server.setting("dataDir"), "server-id")).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aLiveExecutionLongerThanTheStaleLimitIsKeptAliveByItsHeartbeat() {
        ApiClient admin = first.admin();
        String workflow = WorkflowBodies.create(admin, manual("alive " + System.nanoTime(), node("a", "sleep", Map.of("ms", 3000))));

        ApiClient.Response r = admin.post("/api/workflows/" + workflow + "/execute", null);

        assertThat(r.json().get("data").get("status").asText()).as(r.toString()).isEqualTo("success");
    }

    @Test
    void aCancelThroughAnotherServerReachesTheServerRunningTheExecution() {
        ApiClient admin = first.admin();
        String workflow = WorkflowBodies.create(admin, longWorkflow());
        String execution = startLongRun(admin, workflow);

        ApiClient.Response r = second.admin().post("/api/workflows/" + workflow + "/logs/" + execution + "/cancel", null);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("data").get("status").asText()).isEqualTo("cancelled");
        assertThat(r.json().get("data").get("node_results").get(1).get("status").asText()).isEqualTo("cancelled");
    }

    @Test
    void aFullPoolRefusesNewExecutionsWith503() {
        ApiClient admin = second.admin();
        String workflow = WorkflowBodies.create(admin, longWorkflow());
        String running = startLongRun(admin, workflow);

        ApiClient.Response refused = admin.post("/api/workflows/" + workflow + "/execute", null);

        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.text("message")).isEqualTo("too many executions");
        assertThat(admin.get("/api/workflows/" + workflow + "/logs").json().get("total_data").asInt()).isEqualTo(1);
        assertThat(admin.post("/api/workflows/" + workflow + "/logs/" + running + "/cancel", null).status()).isEqualTo(200);
        assertThat(admin.post("/api/workflows/" + workflow + "/execute?wait=false", null).status()).isEqualTo(202);
    }
}
