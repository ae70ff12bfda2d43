package com.lenz.central.workflow.trigger;

import static com.lenz.central.testing.Polling.await;
import static com.lenz.central.workflow.trigger.Triggers.create;
import static com.lenz.central.workflow.trigger.Triggers.executions;
import static com.lenz.central.workflow.trigger.Triggers.node;
import static com.lenz.central.workflow.trigger.Triggers.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduleTriggerTest {

    private static Map<String, Object> everyTwoSeconds(String name) {
        return workflow(name, "schedule", Map.of("cron", "*/2 * * * * *"),
                List.of(node("node-echo", "echo", Map.of("text", "{{trigger.scheduled_for}}"))));
    }

    @Test
    void firesEveryTwoSecondsAsTheSchedulerAndStopsWhenDeactivated() {
        try (TestServer server = TestServer.builder().withTestPlugins().start()) {
            ApiClient admin = server.admin();
            Map<String, Object> body = everyTwoSeconds("Every two seconds");
            String id = create(admin, body);

            // Runs still going have no output yet: count and read the ended ones.
            await(Duration.ofSeconds(15), "three ended scheduled runs", () -> ended(Triggers.logs(admin, id).get("data")).size() >= 3);

            List<JsonNode> runs = ended(Triggers.logs(admin, id).get("data"));
            List<Instant> times = new ArrayList<>();
            for (JsonNode run : runs) {
                assertThat(run.get("trigger_type").asText()).isEqualTo("schedule");
                assertThat(run.get("triggered_by").asText()).isEqualTo("scheduler");
                String scheduledFor = run.get("node_results").get(0).get("output").get("text").asText();
                Instant at = Instant.parse(scheduledFor);
                assertThat(at.getEpochSecond() % 2).as("fires on even seconds").isZero();
                assertThat(at.getNano()).as("occurrences are whole seconds").isZero();
                times.add(at);
            }
            assertThat(times).doesNotHaveDuplicates();

            Map<String, Object> inactive = new java.util.LinkedHashMap<>(body);
            inactive.put("is_active", false);
            assertThat(admin.put("/api/workflows/" + id, inactive).status()).isEqualTo(200);
            long afterDeactivation = executions(admin, id);
            sleep(Duration.ofSeconds(4));
            assertThat(executions(admin, id)).as("no run after deactivation").isLessThanOrEqualTo(afterDeactivation + 1);
            long settled = executions(admin, id);
            sleep(Duration.ofSeconds(3));
            assertThat(executions(admin, id)).isEqualTo(settled);
        }
    }

    @Test
    void aServerStoppedAcrossOccurrencesDoesNotReplayThemAtStart() throws Exception {
        TestServer server = TestServer.builder().withTestPlugins().start();
        try {
            ApiClient admin = server.admin();
            String id = create(admin, everyTwoSeconds("Misfire"));
            await(Duration.ofSeconds(10), "a first run", () -> executions(admin, id) >= 1);

            server.stop();
            Instant stoppedAt = Instant.now();
            sleep(Duration.ofSeconds(7));
            // Taken before the start: the scheduler's first tick comes later, once the server is up.
            Instant restartedAt = Instant.now();
            server.startAgain();
            ApiClient again = server.admin();
            await(Duration.ofSeconds(10), "runs after the restart", () -> countClaims(server, id, restartedAt, Instant.MAX) >= 1);

            // Of the three or four occurrences missed while down, at most the last one (within 60 s) ran late.
            long replayed = countClaims(server, id, stoppedAt.plusSeconds(1), restartedAt.minusSeconds(2));
            assertThat(replayed).isZero();
            assertThat(countClaims(server, id, stoppedAt.plusSeconds(1), restartedAt)).isLessThanOrEqualTo(1);
            assertThat(executions(again, id)).isGreaterThanOrEqualTo(2);
        } finally {
            server.close();
        }
    }

    private static long countClaims(TestServer server, String workflowId, Instant from, Instant to) {
        try (Connection c = DriverManager.getConnection(server.setting("database.url"), "postgres", "");
             var st = c.prepareStatement("SELECT count(*) FROM schedule_claims WHERE workflow_id = ? AND outcome = 'started' "
                     + "AND scheduled_for >= ? AND scheduled_for < ?")) {
            st.setString(1, workflowId);
            st.setObject(2, java.time.OffsetDateTime.ofInstant(from, java.time.ZoneOffset.UTC));
            st.setObject(3, to == Instant.MAX ? java.time.OffsetDateTime.MAX
                    : java.time.OffsetDateTime.ofInstant(to, java.time.ZoneOffset.UTC));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static List<JsonNode> ended(JsonNode runs) {
        List<JsonNode> ended = new ArrayList<>();
        runs.forEach(run -> {
            if (!run.get("status").asText().equals("running")) {
                ended.add(run);
            }
        });
        return ended;
    }
}
