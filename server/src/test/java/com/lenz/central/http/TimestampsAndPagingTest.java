package com.lenz.central.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a client written against the reference relies on, over every route: timestamps in exactly one
 * form ({@code 2025-12-24T12:30:00Z}), and paging that serves a limit above the maximum as the maximum.
 */
class TimestampsAndPagingTest {

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
    /** Field names that hold a time: *_at, *_time, last_heartbeat, backend_start. */
    private static final Pattern TIME_FIELD = Pattern.compile(".*(_at|_time)|last_heartbeat|backend_start");
    private static final String KEY = "timestamps-test-key";
    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(b -> b.set("ces.enabled", "true")
            .set("ces.mode", "master")
            .set("ces.masterApiKey", KEY));

    /** Every time-named string field of the answer, anywhere in it (user data and node outputs aside). */
    private static List<String> times(ApiClient.Response r) {
        assertThat(r.json()).as(r.toString()).isNotNull();
        List<String> found = new ArrayList<>();
        collect(r.json(), found);
        return found;
    }

    private static void collect(JsonNode node, List<String> found) {
        if (node.isArray()) {
            node.forEach(child -> collect(child, found));
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().equals("output") || field.getKey().equals("custom_fields")) {
                    continue;
                }
                if (field.getValue().isTextual() && TIME_FIELD.matcher(field.getKey()).matches()) {
                    found.add(field.getKey() + "=" + field.getValue().asText());
                } else {
                    collect(field.getValue(), found);
                }
            }
        }
    }

    /** The answer's time fields: at least one, each in exactly the reference's form. */
    private static ApiClient.Response timed(String route, ApiClient.Response r) {
        List<String> times = times(r);
        assertThat(times).as("%s has time fields: %s", route, r).isNotEmpty();
        for (String time : times) {
            assertThat(time.substring(time.indexOf('=') + 1)).as("%s: %s", route, time).matches(TIMESTAMP);
        }
        return r;
    }

    private static Map<String, Object> workflow(String name, Map<String, Object> node) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("is_active", true);
        body.put("trigger_node", Map.of("type", "manual"));
        body.put("nodes", List.of(node));
        return body;
    }

    @Test
    @Tag("faults")
    void everyTimestampOfEveryRouteIsUtcInWholeSeconds() throws Exception {
        ApiClient.Response login = timed("POST /api/auth/token", SERVER.server().anonymous().post("/api/auth/token",
                Map.of("user_access", TestServer.ADMIN_USERNAME, "password", TestServer.ADMIN_PASSWORD)));
        timed("POST /api/auth/refresh", SERVER.server().anonymous().post("/api/auth/refresh",
                Map.of("refresh_token", login.text("refresh_token"))));

        timed("POST /api/users", SERVER.admin().post("/api/users",
                Map.of("username", "clock-viewer", "password", "viewer-pass-1", "name", "Viewer", "role", "viewer")));
        timed("GET /api/users", SERVER.admin().get("/api/users"));

        Map<String, Object> credential = Map.of("id", "cred-clock", "name", "Bot", "type", "telegram_bot",
                "data", Map.of("bot_token", "123:abc", "chat_id", "-100"));
        timed("POST /api/credentials", SERVER.admin().post("/api/credentials", credential));
        timed("PUT /api/credentials/{id}", SERVER.admin().put("/api/credentials/cred-clock", Map.of("name", "Bot 2", "type", "telegram_bot")));
        timed("GET /api/credentials/{id}", SERVER.admin().get("/api/credentials/cred-clock"));
        timed("GET /api/credentials", SERVER.admin().get("/api/credentials"));

        assertThat(SERVER.admin().post("/api/events", Map.of("events", List.of(Map.of("analytic_type", "FR", "stream_id", "cam-01",
                "event_time", "2025-04-29T07:15:30.123+07:00", "data", Map.of("name", "Alfin"))))).status()).isEqualTo(200);
        ApiClient.Response events = timed("GET /api/events", SERVER.admin().get("/api/events?analytic_type=FR"));
        assertThat(events.json().at("/data/0/event_time").asText()).isEqualTo("2025-04-29T00:15:30Z");

        ApiClient.Response created = timed("POST /api/workflows", SERVER.admin().post("/api/workflows",
                workflow("clock", Map.of("id", "a", "type", "set", "name", "A", "config", Map.of("values", Map.of("x", "1"))))));
        String id = created.json().at("/data/id").asText();
        timed("PUT /api/workflows/{id}", SERVER.admin().put("/api/workflows/" + id,
                workflow("clock 2", Map.of("id", "a", "type", "set", "name", "A", "config", Map.of("values", Map.of("x", "2"))))));
        timed("GET /api/workflows/{id}", SERVER.admin().get("/api/workflows/" + id));
        timed("GET /api/workflows", SERVER.admin().get("/api/workflows"));
        ApiClient.Response executed = timed("POST /api/workflows/{id}/execute", SERVER.admin().post("/api/workflows/" + id + "/execute", null));
        assertThat(executed.json().at("/data/duration_ms").isIntegralNumber()).isTrue();
        assertThat(executed.json().at("/data/node_results/0/duration_ms").isIntegralNumber()).isTrue();
        String execution = executed.json().at("/data/id").asText();
        timed("GET /api/workflows/{id}/logs", SERVER.admin().get("/api/workflows/" + id + "/logs"));
        timed("GET /api/workflows/{id}/logs/{execution_id}", SERVER.admin().get("/api/workflows/" + id + "/logs/" + execution));

        String slow = SERVER.admin().post("/api/workflows", workflow("slow", Map.of("id", "wait", "type", "delay", "name", "Wait",
                "config", Map.of("duration_ms", 60_000)))).json().at("/data/id").asText();
        ApiClient.Response started = timed("POST /api/workflows/{id}/execute?wait=false",
                SERVER.admin().post("/api/workflows/" + slow + "/execute?wait=false", null));
        assertThat(started.json().at("/data/duration_ms").isNull()).as("running: no duration yet").isTrue();
        timed("POST /api/workflows/{id}/logs/{execution_id}/cancel", SERVER.admin().post("/api/workflows/" + slow + "/logs/"
                + started.json().at("/data/id").asText() + "/cancel", null));
        ApiClient.Response retried = timed("POST /api/workflows/{id}/logs/{execution_id}/retry?wait=false",
                SERVER.admin().post("/api/workflows/" + slow + "/logs/" + started.json().at("/data/id").asText()
                        + "/retry?wait=false", null));
        SERVER.admin().post("/api/workflows/" + slow + "/logs/" + retried.json().at("/data/id").asText() + "/cancel", null);

        HttpRequest.Builder report = SERVER.server().anonymous().request("/api/ces/metrics").header("X-API-Key", KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\": \"c10c0001\", \"name\": \"Slave\", \"ip_address\": \"10.0.0.2\"}"));
        assertThat(SERVER.server().anonymous().send(report).status()).isEqualTo(200);
        ApiClient.Response metrics = timed("GET /api/ces/metrics", SERVER.admin().get("/api/ces/metrics"));
        assertThat(metrics.json().at("/results/metrics")).hasSize(2);

        // The replication status has times only when slaves stream (replication_clients): whatever it holds, checked.
        ApiClient.Response replication = SERVER.admin().get("/api/ces/replication/status");
        assertThat(replication.status()).as(replication.toString()).isEqualTo(200);
        assertThat(times(replication)).allSatisfy(t -> assertThat(t.substring(t.indexOf('=') + 1)).matches(TIMESTAMP));
    }

    @Test
    void aLimitAboveTheMaximumIsServedAsTheMaximumAndPagesAndLimitsBelowOneAre400() {
        String workflow = SERVER.admin().post("/api/workflows", workflow("paged", Map.of("id", "a", "type", "set", "name", "A",
                "config", Map.of("values", Map.of())))).json().at("/data/id").asText();
        for (String list : List.of("/api/workflows", "/api/users", "/api/credentials", "/api/events",
                "/api/workflows/" + workflow + "/logs")) {
            for (String limit : List.of("101", "1000", "99999999999999999999")) {
                ApiClient.Response r = SERVER.admin().get(list + "?limit=" + limit);
                assertThat(r.status()).as("%s?limit=%s: %s", list, limit, r).isEqualTo(200);
                assertThat(r.json().get("limit").asInt()).as(list).isEqualTo(100);
            }
            for (String bad : List.of("limit=0", "limit=-1", "page=0", "page=-5", "limit=ten")) {
                ApiClient.Response r = SERVER.admin().get(list + "?" + bad);
                assertThat(r.status()).as("%s?%s: %s", list, bad, r).isEqualTo(400);
                assertThat(r.text("error")).contains(bad.substring(0, bad.indexOf('=')));
            }
        }
    }
}
