package com.lenz.central.events.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EventResourceTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();

    private static Map<String, Object> event(String type, String stream, String time, Map<String, Object> data) {
        return Map.of("analytic_type", type, "stream_id", stream, "event_time", time, "data", data);
    }

    private static long total(String query) {
        return SERVER.admin().get("/api/events" + query).json().get("total_data").asLong();
    }

    @Test
    void ingestedEventsCanBeQueriedByTypeStreamAndTimeRange() {
        ApiClient.Response r = SERVER.admin().post("/api/events", Map.of("events", List.of(
                event("FR", "cam-q1", "2025-04-28T23:59:59Z", Map.of("name", "Before")),
                event("FR", "cam-q1", "2025-04-29T07:00:00+07:00", Map.of("name", "Budi", "similarity", 0.91,
                        "face", Map.of("id", "f-1"))),
                event("FR", "cam-q2", "2025-04-29T12:00:00Z", Map.of("name", "Other stream")),
                event("LPR", "cam-q1", "2025-04-29T12:00:00Z", Map.of("plate", "B 1234 XY")))));

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("ok").asBoolean()).isTrue();
        assertThat(r.text("message")).isEqualTo("events received");
        assertThat(r.json().get("data").get("received").asInt()).isEqualTo(4);

        ApiClient.Response day = SERVER.admin().get("/api/events?analytic_type=FR&stream_id=cam-q1"
                + "&from=2025-04-29T00:00:00Z&to=2025-04-30T00:00:00Z");
        assertThat(day.json().get("total_data").asLong()).isEqualTo(1);
        JsonNode budi = day.json().get("data").get(0);
        assertThat(budi.get("analytic_type").asText()).isEqualTo("FR");
        assertThat(budi.get("stream_id").asText()).isEqualTo("cam-q1");
        assertThat(budi.get("event_time").asText()).isEqualTo("2025-04-29T00:00:00Z");
        assertThat(budi.get("data").get("similarity").asDouble()).isEqualTo(0.91);
        assertThat(budi.get("data").get("face").get("id").asText()).isEqualTo("f-1");
        assertThat(budi.get("id").isTextual()).isTrue();

        assertThat(total("?analytic_type=LPR&stream_id=cam-q1")).isEqualTo(1);
        assertThat(total("?stream_id=cam-q2")).isEqualTo(1);
    }

    @Test
    void listsAreNewestFirstAndPaged() {
        SERVER.admin().post("/api/events", Map.of("events", List.of(
                event("PAGE", "cam-p", "2025-01-01T00:00:01Z", Map.of()),
                event("PAGE", "cam-p", "2025-01-01T00:00:03Z", Map.of()),
                event("PAGE", "cam-p", "2025-01-01T00:00:02Z", Map.of()))));

        ApiClient.Response page1 = SERVER.admin().get("/api/events?analytic_type=PAGE&limit=2");
        ApiClient.Response page2 = SERVER.admin().get("/api/events?analytic_type=PAGE&limit=2&page=2");

        assertThat(page1.json().get("data").findValuesAsText("event_time"))
                .containsExactly("2025-01-01T00:00:03Z", "2025-01-01T00:00:02Z");
        assertThat(page2.json().get("data").findValuesAsText("event_time")).containsExactly("2025-01-01T00:00:01Z");
        assertThat(page1.json().get("total_data").asLong()).isEqualTo(3);
        assertThat(page1.json().get("total_page").asLong()).isEqualTo(2);
    }

    @Test
    void aBadEventRejectsTheWholeBatchNamingItsIndex() {
        long before = total("?analytic_type=BAD");
        List<Map<String, Object>> batch = new ArrayList<>(List.of(
                event("BAD", "cam-b", "2025-04-29T00:00:00Z", Map.of()),
                event("BAD", "cam-b", "2025-04-29T00:00:00Z", Map.of())));
        batch.add(Map.of("analytic_type", "BAD", "stream_id", "cam-b", "event_time", "yesterday"));

        ApiClient.Response r = SERVER.admin().post("/api/events", Map.of("events", batch));

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("message")).isEqualTo("invalid request");
        assertThat(r.text("error")).startsWith("events[2].event_time");
        assertThat(total("?analytic_type=BAD")).isEqualTo(before);

        assertThat(SERVER.admin().post("/api/events", Map.of("events", List.of(Map.of("event_time", "2025-04-29T00:00:00Z"))))
                .text("error")).startsWith("events[0].analytic_type");
        assertThat(SERVER.admin().post("/api/events", Map.of("events", List.of(Map.of("analytic_type", "FR",
                "event_time", "2025-04-29T00:00:00Z", "data", List.of(1))))).text("error")).isEqualTo("events[0].data must be an object");
        assertThat(SERVER.admin().post("/api/events", Map.of("events", List.of())).status()).isEqualTo(400);
        assertThat(SERVER.admin().post("/api/events", Map.of("events", "x")).text("error")).isEqualTo("events must be an array");
        assertThat(SERVER.admin().get("/api/events?from=nope").text("error")).startsWith("from");
    }

    @Test
    void timesPostgresCannotStoreAre400NotErrors() {
        // Java parses a year of six digits; PostgreSQL refuses it. RFC 3339 has four.
        ApiClient.Response far = SERVER.admin().post("/api/events", Map.of("events", List.of(
                event("FAR", "cam-f", "2025-04-29T00:00:00Z", Map.of()),
                event("FAR", "cam-f", "+294277-01-01T00:00:00Z", Map.of()))));
        assertThat(far.status()).isEqualTo(400);
        assertThat(far.text("error")).startsWith("events[1].event_time must be an RFC 3339 timestamp");
        assertThat(total("?analytic_type=FAR")).isZero();
        ApiClient.Response query = SERVER.admin().get("/api/events?to=%2B294277-01-01T00:00:00Z");
        assertThat(query.status()).isEqualTo(400);
        assertThat(query.text("error")).startsWith("to must be an RFC 3339 timestamp");
        ApiClient.Response backwards = SERVER.admin().get("/api/events?from=2025-04-30T00:00:00Z&to=2025-04-29T00:00:00Z");
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.text("error")).isEqualTo("from must be before to");
    }

    @Test
    void batchesAreCappedAtTenThousandEvents() {
        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 10_001; i++) {
            tooMany.add(Map.of("analytic_type", "CAP", "event_time", "2025-04-29T00:00:00Z"));
        }

        ApiClient.Response over = SERVER.admin().post("/api/events", Map.of("events", tooMany));
        ApiClient.Response max = SERVER.admin().post("/api/events", Map.of("events", tooMany.subList(0, 10_000)));

        assertThat(over.status()).isEqualTo(400);
        assertThat(over.text("error")).contains("10000");
        assertThat(max.status()).isEqualTo(200);
        assertThat(total("?analytic_type=CAP")).isEqualTo(10_000);
    }

    @Test
    void viewersMayReadButNotIngest() {
        SERVER.admin().post("/api/users", Map.of("username", "ev-viewer", "password", "ev-viewer-pass",
                "name", "Viewer", "role", "viewer"));
        ApiClient viewer = SERVER.server().login("ev-viewer", "ev-viewer-pass");

        assertThat(viewer.get("/api/events").status()).isEqualTo(200);
        assertThat(viewer.post("/api/events", Map.of("events", List.of(
                event("FR", "cam", "2025-04-29T00:00:00Z", Map.of())))).status()).isEqualTo(403);
        assertThat(SERVER.server().anonymous().post("/api/events", Map.of("events", List.of())).status()).isEqualTo(401);
    }
}
