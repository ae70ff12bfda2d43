package com.lenz.central.workflow;

import static com.lenz.central.workflow.WorkflowBodies.node;
import static com.lenz.central.workflow.WorkflowBodies.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.SharedPostgres;
import com.lenz.central.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code max_concurrent} holds across servers sharing one database: many starts fired at once through two servers
 * never have more than the limit running; the rest get 429.
 */
@Tag("faults")
class MaxConcurrentTwoServersTest {

    private static final int LIMIT = 3;
    private static final int CALLS = 24;

    @Test
    void startsFiredConcurrentlyThroughTwoServersNeverRunMoreThanTheLimit() throws Exception {
        PgCluster cluster = SharedPostgres.cluster();
        String lenz = cluster.jdbcUrl(SharedPostgres.newDatabase("lenz"));
        String fremis = cluster.jdbcUrl(SharedPostgres.newDatabase("fremis"));
        try (TestServer a = TestServer.builder().withTestPlugins().databases(lenz, fremis).start();
             TestServer b = TestServer.builder().withTestPlugins().databases(lenz, fremis).start()) {
            Map<String, Object> body = workflow("limited", Map.of("type", "manual"),
                    node("wait", "sleep", Map.of("ms", 60_000)));
            body.put("max_concurrent", LIMIT);
            ApiClient.Response created = a.admin().post("/api/workflows", body);
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            String id = created.json().get("data").get("id").asText();
            List<ApiClient> clients = List.of(a.admin(), b.admin());

            // Watch the running count from the database while the starts race.
            AtomicBoolean watching = new AtomicBoolean(true);
            AtomicLong mostRunning = new AtomicLong();
            Thread watcher = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(lenz, "postgres", "");
                     PreparedStatement count = c.prepareStatement("SELECT count(*) FROM workflow_executions "
                             + "WHERE workflow_id = ? AND status = 'running'")) {
                    count.setString(1, id);
                    while (watching.get()) {
                        ResultSet rs = count.executeQuery();
                        rs.next();
                        mostRunning.accumulateAndGet(rs.getLong(1), Math::max);
                    }
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            watcher.start();
            ExecutorService callers = Executors.newFixedThreadPool(CALLS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < CALLS; i++) {
                ApiClient client = clients.get(i % 2);
                statuses.add(callers.submit(() -> {
                    go.await();
                    return client.post("/api/workflows/" + id + "/execute?wait=false", null).status();
                }));
            }
            go.countDown();
            int accepted = 0;
            int busy = 0;
            for (Future<Integer> status : statuses) {
                int s = status.get(60, TimeUnit.SECONDS);
                accepted += s == 202 ? 1 : 0;
                busy += s == 429 ? 1 : 0;
            }
            callers.shutdown();
            watching.set(false);
            watcher.join();

            // Each run sleeps a minute: none ended while the calls raced, so exactly LIMIT got in.
            assertThat(accepted).as("202s").isEqualTo(LIMIT);
            assertThat(busy).as("429s").isEqualTo(CALLS - LIMIT);
            assertThat(mostRunning.get()).as("most executions running at once").isLessThanOrEqualTo(LIMIT);
            try (Connection c = DriverManager.getConnection(lenz, "postgres", "");
                 PreparedStatement rows = c.prepareStatement("SELECT count(*), count(DISTINCT server_id) "
                         + "FROM workflow_executions WHERE workflow_id = ?")) {
                rows.setString(1, id);
                ResultSet rs = rows.executeQuery();
                rs.next();
                assertThat(rs.getLong(1)).isEqualTo(LIMIT);
            }
            for (var e : a.admin().get("/api/workflows/" + id + "/logs").json().get("data")) {
                a.admin().post("/api/workflows/" + id + "/logs/" + e.get("id").asText() + "/cancel", null);
            }
        }
    }
}
