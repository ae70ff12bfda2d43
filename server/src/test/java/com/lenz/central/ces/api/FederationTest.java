package com.lenz.central.ces.api;

import static com.lenz.central.ces.api.CesMetricsTest.body;
import static com.lenz.central.ces.api.CesMetricsTest.enc;
import static com.lenz.central.ces.api.CesMetricsTest.report;
import static com.lenz.central.ces.api.CesMetricsTest.sql;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code GET /api/ces/metrics?instance=<id>} on a node with CES off, forwarding to another instance (a
 * master with no API key configured, which therefore refuses every report).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FederationTest {

    /** A master with one slave of its own, federated by {@link #CENTRAL}. */
    @RegisterExtension
    static final TestServerExtension JAKARTA = TestServerExtension.with(b -> b.set("ces.enabled", "true")
            .set("ces.mode", "master").set("ces.nodeId", "b0b0b0b0").set("ces.nodeName", "Jakarta Master"));
    /** Registered after {@link #JAKARTA}, so started after it (and closed before it). */
    @RegisterExtension
    static final TestServerExtension CENTRAL = TestServerExtension.with(b -> b.federationInstances(instances()));

    /** Jakarta with our token, and Jakarta again with a token it refuses. */
    private static String instances() {
        TestServer jakarta = JAKARTA.server();
        sql(jakarta, "INSERT INTO ces_nodes (id, name, ip_address, total_enrollment, last_heartbeat, created_at, updated_at) "
                + "VALUES ('b1b1b1b1', 'Jakarta Slave 1', '10.5.0.11', 42, now(), now(), now())");
        String token = jakarta.anonymous().post("/api/auth/token",
                Map.of("user_access", TestServer.ADMIN_USERNAME, "password", TestServer.ADMIN_PASSWORD)).text("access_token");
        return "[{\"id\": \"jakarta\", \"url\": \"" + jakarta.baseUrl() + "\", \"token\": \"" + token + "\"},"
                + " {\"id\": \"wrong-token\", \"url\": \"" + jakarta.baseUrl() + "\", \"token\": \"not-a-token\"}]";
    }

    private static List<String> names(ApiClient.Response r) {
        List<String> names = new ArrayList<>();
        r.json().path("results").path("metrics").forEach(n -> names.add(n.path("name").asText()));
        return names;
    }

    @Test
    @Order(1)
    void aMasterWithoutAnApiKeyRefusesEveryReport() {
        for (String key : new String[] {null, "", "anything"}) {
            ApiClient.Response r = report(JAKARTA.server().anonymous(), key, body("name", "n", "ip_address", "10.0.0.1"));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.text("error")).contains("no CES_MASTER_API_KEY configured");
        }
    }

    @Test
    @Order(2)
    void aNodeWithCesDisabledHasNoMetricsOfItsOwn() {
        ApiClient.Response post = report(CENTRAL.server().anonymous(), "k", body("name", "n", "ip_address", "10.0.0.1"));
        assertThat(post.status()).isEqualTo(409);
        assertThat(post.json().toString()).isEqualTo("{\"ok\":false,\"message\":\"failed to receive metric\",\"error\":\"CES is not enabled\"}");
        ApiClient.Response get = CENTRAL.admin().get("/api/ces/metrics");
        assertThat(get.status()).isEqualTo(409);
        assertThat(get.text("error")).isEqualTo("CES is not enabled");
    }

    @Test
    @Order(3)
    void instanceReturnsTheOtherInstancesNodes() {
        ApiClient.Response r = CENTRAL.admin().get("/api/ces/metrics?instance=jakarta");
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.text("message")).isEqualTo("successfully retrieved CES metrics");
        assertThat(names(r)).containsExactly("Jakarta Master", "Jakarta Slave 1");
        JsonNode slave = r.json().path("results").path("metrics").get(1);
        assertThat(slave.path("total_enrollment").asLong()).isEqualTo(42);

        assertThat(names(CENTRAL.admin().get("/api/ces/metrics?instance=jakarta&search=" + enc("slave \\d$")))).containsExactly("Jakarta Slave 1");
        assertThat(CENTRAL.admin().get("/api/ces/metrics?instance=jakarta&search=" + enc("[")).status()).isEqualTo(400);
        // Viewers of this instance are not turned away by the other one: the configured token is used.
        assertThat(CENTRAL.server().anonymous().get("/api/ces/metrics?instance=jakarta").status()).isEqualTo(401);
    }

    @Test
    @Order(4)
    void anUnknownInstanceIs404AndARefusedTokenIs502() {
        ApiClient.Response unknown = CENTRAL.admin().get("/api/ces/metrics?instance=surabaya");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text("error")).isEqualTo("unknown federation instance 'surabaya'");

        ApiClient.Response refused = CENTRAL.admin().get("/api/ces/metrics?instance=wrong-token");
        assertThat(refused.status()).isEqualTo(502);
        assertThat(refused.text("error")).startsWith("federation instance 'wrong-token' failed: it answered 401");
    }

    @Test
    @Order(5)
    void aStoppedInstanceIs502() {
        JAKARTA.server().stop();
        ApiClient.Response r = CENTRAL.admin().get("/api/ces/metrics?instance=jakarta");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().toString()).isEqualTo("{\"ok\":false,\"message\":\"failed to retrieve CES metrics\","
                + "\"error\":\"federation instance 'jakarta' failed: it is unreachable\"}");
    }
}
