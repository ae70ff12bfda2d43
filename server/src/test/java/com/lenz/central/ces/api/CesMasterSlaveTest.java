package com.lenz.central.ces.api;

import static com.lenz.central.ces.api.CesMetricsTest.body;
import static com.lenz.central.ces.api.CesMetricsTest.report;
import static com.lenz.central.ces.api.CesMetricsTest.sql;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.TestServer;
import java.time.Duration;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** A master and a slave, each on its own PostgreSQL: the slave reports itself, then goes silent. */
class CesMasterSlaveTest {

    private static final String KEY = "shared-master-key";

    @Test
    void theSlaveAppearsOnlineWithItsEnrollmentsThenOfflineOnceStopped() throws Exception {
        try (PgCluster slaveDb = PgCluster.start();
             TestServer master = TestServer.builder().set("ces.enabled", "true").set("ces.mode", "master")
                     .set("ces.masterApiKey", KEY).set("ces.offlineAfter", "2s").set("ces.nodeName", "Master Gateway")
                     .start();
             TestServer slave = TestServer.builder()
                     .databases(slaveDb.createDatabase("lenz"), slaveDb.createDatabase("fremis"))
                     .set("ces.enabled", "true").set("ces.mode", "slave").set("ces.masterUrl", master.baseUrl() + "/")
                     .set("ces.masterApiKey", KEY).set("ces.reportInterval", "200ms")
                     .set("ces.nodeId", "a1b2c3d4").set("ces.nodeName", "Slave Node 1").set("ces.nodeIp", "192.168.1.11")
                     .start()) {
            sql(slave, "INSERT INTO enrolled_face (face_id, name) VALUES ('f1', 'Ani'), ('f2', 'Budi')");
            ApiClient admin = master.admin();

            JsonNode online = await(admin, n -> n.path("status").asText().equals("online")
                    && n.path("total_enrollment").asLong() == 2);
            assertThat(online.path("name").asText()).isEqualTo("Slave Node 1");
            assertThat(online.path("ip_address").asText()).isEqualTo("192.168.1.11");
            assertThat(online.path("is_master").asBoolean()).isFalse();

            // The slave's admin port tells how old its last accepted report is.
            JsonNode health = slave.adminPortClient().get("/healthcheck").json().path("ces-reporter");
            assertThat(health.path("healthy").asBoolean()).as(health.toString()).isTrue();
            assertThat(health.path("message").asText()).startsWith("last report accepted");
            assertThat(health.path("last_report_age_seconds").asLong()).isLessThan(2);

            // A slave is no master: it takes no reports and has no node list.
            ApiClient.Response toSlave = report(slave.anonymous(), KEY, body("name", "x", "ip_address", "10.0.0.1"));
            assertThat(toSlave.status()).isEqualTo(409);
            assertThat(toSlave.json().toString()).isEqualTo("{\"ok\":false,\"message\":\"failed to receive metric\","
                    + "\"error\":\"node is not configured as CES master\"}");
            ApiClient.Response listOnSlave = slave.admin().get("/api/ces/metrics");
            assertThat(listOnSlave.status()).isEqualTo(409);
            assertThat(listOnSlave.text("error")).isEqualTo("node is not configured as CES master");
            assertThat(slave.admin().get("/api/ces/config").json().path("result").toString()).isEqualTo(
                    "{\"ces_enabled\":true,\"ces_mode\":\"slave\",\"ces_master_url\":\"" + master.baseUrl() + "/\"}");

            slave.stop();
            JsonNode offline = await(admin, n -> n.path("status").asText().equals("offline"));
            assertThat(offline.path("total_enrollment").asLong()).isEqualTo(2);
        }
    }

    /** Polls the master until the slave's row matches, with a deadline. */
    private static JsonNode await(ApiClient admin, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode node : admin.get("/api/ces/metrics").json().path("results").path("metrics")) {
                if (node.path("id").asText().equals("a1b2c3d4")) {
                    last = node;
                    if (condition.test(node)) {
                        return node;
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the slave never matched; last seen: " + last);
    }
}
