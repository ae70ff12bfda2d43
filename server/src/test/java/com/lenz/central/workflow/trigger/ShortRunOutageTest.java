package com.lenz.central.workflow.trigger;

import static com.lenz.central.workflow.trigger.Triggers.create;
import static com.lenz.central.workflow.trigger.Triggers.node;
import static com.lenz.central.workflow.trigger.Triggers.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.TestServer;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database goes away while short webhook runs (written once, at their end) are running: their shared
 * commit fails, every caller is answered 503 promptly, and none of them is stored, not even in part.
 */
@Tag("faults")
class ShortRunOutageTest {

    private static final String TOKEN = "outage-token-1";
    private PgCluster cluster;
    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void runsEndingDuringAnOutageAre503AndNoneIsStoredInPart() throws Exception {
        cluster = PgCluster.start();
        server = TestServer.builder().withTestPlugins()
                .databases(cluster.createDatabase("lenz"), cluster.createDatabase("fremis"))
                .set("workflows.shortRunWindow", "60s")
                .start();
        String id = create(server.admin(), workflow("outage hook", "webhook",
                Map.of("token", TOKEN, "response", "last_node", "timeout_ms", 120_000),
                List.of(node("greet", "echo", Map.of("text", "hi")), node("wait", "sleep", Map.of("ms", 6_000)),
                        node("last", "set", Map.of("values", Map.of("done", true))))));
        int calls = 6;
        ExecutorService clients = Executors.newFixedThreadPool(calls);
        List<CompletableFuture<ApiClient.Response>> answers = new ArrayList<>();
        try {
            for (int n = 0; n < calls; n++) {
                answers.add(CompletableFuture.supplyAsync(() -> call(id), clients));
            }
            Thread.sleep(2_000); // the runs are in their sleep node, written nowhere yet
            cluster.stop();
            long stopped = System.nanoTime();
            for (CompletableFuture<ApiClient.Response> answer : answers) {
                ApiClient.Response r = answer.get(90, TimeUnit.SECONDS);
                assertThat(r.status()).as(r.raw()).isEqualTo(503);
                assertThat(r.text("error")).isEqualTo("the database is unavailable");
            }
            assertThat((System.nanoTime() - stopped) / 1_000_000_000).as("seconds to answer all").isLessThan(60);
        } finally {
            clients.shutdownNow();
        }
        cluster.startAgain();

        try (Connection c = cluster.connect("lenz"); ResultSet rs = c.createStatement().executeQuery(
                "SELECT (SELECT count(*) FROM workflow_executions WHERE workflow_id = '" + id + "'), "
                        + "(SELECT count(*) FROM workflow_node_results)")) {
            rs.next();
            assertThat(rs.getLong(1)).as("executions stored").isZero();
            assertThat(rs.getLong(2)).as("node results stored").isZero();
        }
    }

    private ApiClient.Response call(String workflowId) {
        HttpRequest.Builder request = server.anonymous().request("/api/hooks/" + workflowId)
                .header("Content-Type", "application/json").header("X-Webhook-Token", TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        return server.anonymous().send(request);
    }
}
