package com.lenz.central.workflow.trigger;

import static com.lenz.central.workflow.trigger.Triggers.create;
import static com.lenz.central.workflow.trigger.Triggers.node;
import static com.lenz.central.workflow.trigger.Triggers.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.SharedPostgres;
import com.lenz.central.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Two servers on one database: every occurrence runs once, none is missed. */
class ExactlyOnceTest {

    @Test
    void twentyWorkflowsFiringEverySecondOnTwoServersRunEachOccurrenceExactlyOnce() throws Exception {
        PgCluster cluster = SharedPostgres.cluster();
        String lenz = cluster.jdbcUrl(SharedPostgres.newDatabase("lenz"));
        String fremis = cluster.jdbcUrl(SharedPostgres.newDatabase("fremis"));
        try (TestServer a = TestServer.builder().withTestPlugins().databases(lenz, fremis).start();
             TestServer b = TestServer.builder().withTestPlugins().databases(lenz, fremis).start()) {
            ApiClient admin = a.admin();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add(create(admin, workflow("every second " + i, "schedule", Map.of("cron", "* * * * * *"),
                        List.of(node("node-echo", "echo", Map.of("text", "{{trigger.scheduled_for}}"))))));
            }
            Thread.sleep(8_000);
            // Deactivate through the other server: both must stop.
            ApiClient adminB = b.admin();
            for (String id : ids) {
                Map<String, Object> body = workflow("stopped", "schedule", Map.of("cron", "* * * * * *"),
                        List.of(node("node-echo", "echo", Map.of("text", "x"))));
                body.put("is_active", false);
                assertThat(adminB.put("/api/workflows/" + id, body).status()).isEqualTo(200);
            }
            Thread.sleep(2_000);

            try (Connection c = DriverManager.getConnection(lenz, "postgres", "")) {
                // Each workflow: one execution per claimed second, no second twice, no gap between first and last.
                ResultSet rs = c.createStatement().executeQuery("SELECT workflow_id, count(*), count(DISTINCT scheduled_for), "
                        + "extract(epoch FROM max(scheduled_for) - min(scheduled_for))::int + 1, "
                        + "count(DISTINCT claimed_by), count(*) FILTER (WHERE outcome NOT IN ('started', 'skipped_running')) "
                        + "FROM schedule_claims GROUP BY workflow_id");
                int workflows = 0;
                boolean bothServersFired = false;
                while (rs.next()) {
                    workflows++;
                    long claims = rs.getLong(2);
                    assertThat(rs.getLong(3)).as("distinct seconds").isEqualTo(claims);
                    assertThat(rs.getLong(4)).as("no second missing between the first and the last").isEqualTo(claims);
                    assertThat(claims).isGreaterThanOrEqualTo(5);
                    // A run still going when the next second comes is skipped by contract (a loaded machine);
                    // anything else (missed, pool full) would be a loss.
                    assertThat(rs.getLong(6)).as("occurrences lost: " + outcomes(c)).isZero();
                    bothServersFired |= rs.getLong(5) == 2;
                }
                assertThat(workflows).isEqualTo(20);
                assertThat(bothServersFired).as("the two servers shared the work").isTrue();

                ResultSet runs = c.createStatement().executeQuery("SELECT count(*), "
                        + "(SELECT count(*) FROM schedule_claims WHERE outcome = 'started'), "
                        + "(SELECT count(*) FROM workflow_executions WHERE status <> 'success') FROM workflow_executions");
                runs.next();
                assertThat(runs.getLong(1)).as("one execution per claimed occurrence").isEqualTo(runs.getLong(2));
                assertThat(runs.getLong(3)).as("executions that did not succeed").isZero();
                ResultSet skipped = c.createStatement().executeQuery("SELECT count(*) FILTER (WHERE outcome = 'skipped_running'), "
                        + "count(*) FROM schedule_claims");
                skipped.next();
                assertThat(skipped.getLong(1) * 20).as("skipped because the previous run was going: " + outcomes(c))
                        .isLessThanOrEqualTo(skipped.getLong(2));
            }
        }
    }

    private static String outcomes(Connection c) throws java.sql.SQLException {
        ResultSet rs = c.createStatement().executeQuery("SELECT outcome || ' x' || count(*) FROM schedule_claims GROUP BY outcome");
        StringBuilder out = new StringBuilder();
        while (rs.next()) {
            out.append(rs.getString(1)).append(' ');
        }
        return out.toString();
    }
}
