package com.lenz.central.history;

import static com.lenz.central.workflow.WorkflowBodies.manual;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.SharedPostgres;
import com.lenz.central.testing.TestServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /api/executions} across workflows and the same filters on {@code GET /api/workflows/{id}/logs}:
 * filters, newest first, paging like the logs, estimated totals past ten thousand, and a 400 naming each
 * bad parameter.
 */
class ExecutionsApiTest {

    private static final PgCluster CLUSTER = SharedPostgres.cluster();
    private static final String LENZ_DB = SharedPostgres.newDatabase("lenz");

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(b -> b.databases(CLUSTER.jdbcUrl(LENZ_DB),
            CLUSTER.jdbcUrl(SharedPostgres.newDatabase("fremis"))));

    private static String first;
    private static String second;

    @BeforeAll
    static void seed() {
        first = create("first");
        second = create("second");
        // first: e1 (oldest) .. e6 (newest), one a day from 2025-03-01; second: s1, s2 on 2025-03-10/11.
        String[][] rows = {
                {"e1", first, "manual", "success", "2025-03-01T10:00:00Z"},
                {"e2", first, "webhook", "failed", "2025-03-02T10:00:00Z"},
                {"e3", first, "schedule", "success", "2025-03-03T10:00:00Z"},
                {"e4", first, "webhook", "failed", "2025-03-04T10:00:00Z"},
                {"e5", first, "event", "cancelled", "2025-03-05T10:00:00Z"},
                {"e6", first, "webhook", "success", "2025-03-06T10:00:00Z"},
                {"s1", second, "webhook", "failed", "2025-03-10T10:00:00Z"},
                {"s2", second, "manual", "success", "2025-03-11T10:00:00Z"}};
        List<String> sql = new ArrayList<>();
        for (String[] r : rows) {
            sql.add("INSERT INTO workflow_executions (id, workflow_id, trigger_type, status, started_at, finished_at, error) "
                    + "VALUES ('" + r[0] + "', '" + r[1] + "', '" + r[2] + "', '" + r[3] + "', '" + r[4] + "', "
                    + "TIMESTAMPTZ '" + r[4] + "' + interval '2 seconds', "
                    + (r[3].equals("failed") ? "'boom'" : "NULL") + ")");
            sql.add("INSERT INTO workflow_node_results (execution_id, position, node_id, node_type, status, attempts) "
                    + "VALUES ('" + r[0] + "', 0, 'a', 'set', 'success', 1)");
        }
        CLUSTER.execute(LENZ_DB, sql.toArray(String[]::new));
    }

    private static String create(String name) {
        ApiClient.Response r = SERVER.admin().post("/api/workflows",
                manual(name, node("a", "set", Map.of("values", Map.of("x", 1)))));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("data").get("id").asText();
    }

    private static JsonNode ok(String path) {
        ApiClient.Response r = SERVER.admin().get(path);
        assertThat(r.status()).as(path + " -> " + r).isEqualTo(200);
        return r.json();
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(e -> ids.add(e.get("id").asText()));
        return ids;
    }

    @Test
    void listsEveryWorkflowsExecutionsNewestFirstWithNodeResults() {
        JsonNode page = ok("/api/executions?from=2025-01-01T00:00:00Z");
        assertThat(ids(page)).containsExactly("s2", "s1", "e6", "e5", "e4", "e3", "e2", "e1");
        assertThat(page.get("total_data").asLong()).isEqualTo(8);
        assertThat(page.get("limit").asInt()).isEqualTo(10);
        assertThat(page.get("current_page").asInt()).isEqualTo(1);
        assertThat(page.get("total_page").asInt()).isEqualTo(1);
        assertThat(page.has("total_estimated")).isFalse();
        JsonNode newest = page.get("data").get(0);
        assertThat(newest.get("workflow_id").asText()).isEqualTo(second);
        assertThat(newest.get("started_at").asText()).isEqualTo("2025-03-11T10:00:00Z");
        assertThat(newest.get("duration_ms").asLong()).isEqualTo(2000);
        assertThat(newest.get("node_results")).hasSize(1);
    }

    @Test
    void filtersByWorkflowStatusTriggerTypeAndTime() {
        assertThat(ids(ok("/api/executions?status=failed&from=2025-01-01T00:00:00Z"))).containsExactly("s1", "e4", "e2");
        assertThat(ids(ok("/api/executions?trigger_type=webhook&workflow_id=" + first))).containsExactly("e6", "e4", "e2");
        assertThat(ids(ok("/api/executions?workflow_id=" + second))).containsExactly("s2", "s1");
        assertThat(ids(ok("/api/executions?from=2025-03-02T10:00:00Z&to=2025-03-05T10:00:00Z")))
                .containsExactly("e4", "e3", "e2"); // from inclusive, to exclusive
        assertThat(ids(ok("/api/executions?from=2025-03-04T17:00:00%2B07:00&to=2025-03-10T10:00:00Z")))
                .containsExactly("e6", "e5", "e4"); // any offset
        assertThat(ids(ok("/api/executions?status=FAILED&trigger_type=webhook&workflow_id=" + first)))
                .containsExactly("e4", "e2");
        assertThat(ok("/api/executions?workflow_id=no-such-workflow").get("total_data").asLong()).isZero();
    }

    @Test
    void theLogsOfOneWorkflowTakeTheSameFilters() {
        String logs = "/api/workflows/" + first + "/logs";
        assertThat(ids(ok(logs))).containsExactly("e6", "e5", "e4", "e3", "e2", "e1");
        assertThat(ids(ok(logs + "?status=failed"))).containsExactly("e4", "e2");
        assertThat(ids(ok(logs + "?trigger_type=webhook&status=success"))).containsExactly("e6");
        assertThat(ids(ok(logs + "?from=2025-03-03T00:00:00Z&to=2025-03-05T00:00:00Z"))).containsExactly("e4", "e3");
        JsonNode page = ok(logs + "?status=failed&limit=1&page=2");
        assertThat(ids(page)).containsExactly("e2");
        assertThat(page.get("total_data").asLong()).isEqualTo(2);
        assertThat(page.get("total_page").asInt()).isEqualTo(2);
        assertBadRequest(logs + "?status=done", "status must be one of running, success, failed, cancelled");
        assertBadRequest(logs + "?workflow_id=" + second, "unknown query parameter: workflow_id");
    }

    @Test
    void pagesAsTheLogsDoAndServesALimitAbove100As100() {
        JsonNode page = ok("/api/executions?workflow_id=" + first + "&limit=4&page=2");
        assertThat(ids(page)).containsExactly("e2", "e1");
        assertThat(page.get("total_data").asLong()).isEqualTo(6);
        assertThat(page.get("total_page").asInt()).isEqualTo(2);
        assertThat(page.get("current_page").asInt()).isEqualTo(2);
        assertThat(ok("/api/executions?workflow_id=" + first + "&limit=1000").get("limit").asInt()).isEqualTo(100);
        assertThat(ids(ok("/api/executions?workflow_id=" + first + "&page=9"))).isEmpty();
    }

    @Test
    void badValuesAre400sNamingTheParameter() {
        assertBadRequest("/api/executions?status=done", "status must be one of running, success, failed, cancelled");
        assertBadRequest("/api/executions?trigger_type=cron", "trigger_type must be one of manual, schedule, webhook, event");
        assertBadRequest("/api/executions?from=yesterday", "from must be an RFC 3339 timestamp");
        assertBadRequest("/api/executions?to=2025-03-01", "to must be an RFC 3339 timestamp");
        assertBadRequest("/api/executions?from=2025-03-02T00:00:00Z&to=2025-03-01T00:00:00Z", "from must be before to");
        assertBadRequest("/api/executions?page=0", "page must be at least 1");
        assertBadRequest("/api/executions?limit=many", "limit must be an integer");
        assertBadRequest("/api/executions?state=failed", "unknown query parameter: state");
    }

    @Test
    void pastTenThousandMatchesTheTotalIsPostgresEstimate() {
        String big = create("big");
        CLUSTER.execute(LENZ_DB, "INSERT INTO workflow_executions (id, workflow_id, trigger_type, status, started_at, "
                        + "finished_at) SELECT 'big-' || i, '" + big + "', 'event', 'success', "
                        + "TIMESTAMPTZ '2024-01-01T00:00:00Z' + i * interval '1 second', "
                        + "TIMESTAMPTZ '2024-01-01T00:00:01Z' + i * interval '1 second' FROM generate_series(1, 12000) AS i",
                "ANALYZE workflow_executions");
        JsonNode page = ok("/api/executions?workflow_id=" + big + "&limit=100");
        assertThat(page.get("total_estimated").asBoolean()).isTrue();
        assertThat(page.get("total_data").asLong()).isGreaterThan(10_000);
        assertThat(page.get("data")).hasSize(100);
        assertThat(page.get("data").get(0).get("id").asText()).isEqualTo("big-12000");
        // Below the threshold the count stays exact.
        JsonNode exact = ok("/api/executions?workflow_id=" + big + "&from=2024-01-01T02:00:00Z");
        assertThat(exact.get("total_data").asLong()).isEqualTo(12000 - 7199);
        assertThat(exact.has("total_estimated")).isFalse();
    }

    private static void assertBadRequest(String path, String error) {
        ApiClient.Response r = SERVER.admin().get(path);
        assertThat(r.status()).as(path + " -> " + r).isEqualTo(400);
        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.text("message")).isEqualTo("invalid request");
        assertThat(r.text("error")).as(path).contains(error);
    }
}
