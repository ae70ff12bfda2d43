package com.lenz.central.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServerExtension;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PostgreSQL stores no NUL character: every way a client can send one is a 400 naming it, never a 500. */
class NulCharactersTest {

    private static final String KEY = "nul-test-key-1";
    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(b -> b.set("ces.enabled", "true")
            .set("ces.mode", "master")
            .set("ces.masterApiKey", KEY));

    @Test
    void aCesReportWithANulIsRefusedNamingTheFieldAndNotStored() {
        ApiClient.Response r = SERVER.admin().send(SERVER.admin().request("/api/ces/metrics").header("Content-Type", "application/json")
                .header("X-API-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"nul00001\",\"name\":\"Slave\\u0000One\",\"ip_address\":\"10.0.0.1\"}")));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("error")).isEqualTo("name must not contain the NUL character");
        ApiClient.Response custom = SERVER.admin().send(SERVER.admin().request("/api/ces/metrics").header("Content-Type", "application/json")
                .header("X-API-Key", KEY).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"id\":\"nul00002\",\"name\":\"Slave\",\"ip_address\":\"10.0.0.1\",\"custom_fields\":{\"rack\":[\"a\\u0000\"]}}")));
        assertThat(custom.status()).isEqualTo(400);
        assertThat(custom.text("error")).isEqualTo("custom_fields.rack[0] must not contain the NUL character");
        assertThat(SERVER.admin().get("/api/ces/metrics").raw()).doesNotContain("nul0000");
    }

    @Test
    void anEventWithANulRejectsTheBatchNamingTheEvent() {
        ApiClient.Response r = SERVER.admin().post("/api/events", Map.of("events", List.of(
                Map.of("analytic_type", "FR", "event_time", "2025-04-29T00:00:00Z", "data", Map.of("name", "ok")),
                Map.of("analytic_type", "FR", "event_time", "2025-04-29T00:00:01Z", "data", Map.of("name", "Bu\u0000di")))));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("error")).isEqualTo("events[1].data.name must not contain the NUL character");
        com.fasterxml.jackson.databind.JsonNode stored = SERVER.admin().get("/api/events?analytic_type=FR").json().get("data");
        assertThat(stored.isArray()).isTrue();
        assertThat(stored.size()).as("nothing of the batch stored").isZero();
    }

    @Test
    void credentialsAndQueryParametersWithANulAre400() {
        ApiClient.Response cred = SERVER.admin().post("/api/credentials", Map.of("name", "Bot\u0000Two", "type", "http_header",
                "data", Map.of("name", "X-Key", "value", "v")));
        assertThat(cred.status()).isEqualTo(400);
        assertThat(cred.text("error")).isEqualTo("name must not contain the NUL character");
        for (String path : List.of("/api/events?stream_id=cam%00one", "/api/workflows?search=a%00b")) {
            ApiClient.Response r = SERVER.admin().get(path);
            assertThat(r.status()).as(path).isEqualTo(400);
            assertThat(r.text("error")).as(path).isEqualTo("the URL must not contain the NUL character (%00)");
        }
    }
}
