package com.lenz.central.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * CES replication across a failover of the master's PostgreSQL (17): the slave's subscriptions use failover
 * slots, the master's standby keeps copies of them, and after the standby is promoted the slave goes on
 * receiving enrollments from it, with no new setup.
 */
@Tag("cluster")
class CesFailoverTest {

    private static final long DEADLINE_MS = 60_000;

    @Test
    void aSlaveKeepsReceivingEnrollmentsAfterTheMasterClusterFailsOver() throws Exception {
        PgCluster primary = PgCluster.start(Map.of("synchronous_commit", "on"));
        PgCluster standby = null;
        PgCluster slaveDb = PgCluster.start(Map.of("wal_retrieve_retry_interval", "200ms"));
        TestServer slave = null;
        try {
            primary.createDatabase("lenz");
            primary.createDatabase("fremis");
            try (TestServer master = TestServer.builder().databases(primary.jdbcUrl("lenz"), primary.jdbcUrl("fremis"))
                    .set("ces.enabled", "true").set("ces.mode", "master").start()) {
                assertThat(master.admin().post("/api/ces/replication/setup", Map.of()).status()).isEqualTo(200);
            }
            // wal_level=logical applies at the restart that making the standby includes. The standby copies
            // failover slots from the primary (PostgreSQL 17: sync_replication_slots, over its physical slot).
            standby = primary.startStandby("standby1", Map.of("sync_replication_slots", "on", "hot_standby_feedback", "on"));
            // Logical subscribers get no WAL the standby has not: a promoted standby is never behind a slave.
            primary.execute("postgres", "ALTER SYSTEM SET synchronized_standby_slots = 'standby1'", "SELECT pg_reload_conf()");

            slave = TestServer.builder().databases(slaveDb.createDatabase("lenz"), slaveDb.createDatabase("fremis"))
                    .set("ces.enabled", "true").set("ces.mode", "slave").start();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("lenz_master", master("lenz", primary, standby));
            body.put("fremis_master", master("fremis", primary, standby));
            ApiClient.Response setup = slave.admin().post("/api/ces/replication/setup", body);
            assertThat(setup.status()).as(setup.toString()).isEqualTo(200);

            insertEnrollment(primary, 1);
            awaitEnrollment(slaveDb, 1);
            JsonNode slaveStatus = slave.admin().get("/api/ces/replication/status").json().get("result");
            for (JsonNode subscription : slaveStatus.get("subscriptions")) {
                assertThat(subscription.get("failover").asBoolean()).as(subscription.toString()).isTrue();
            }
            // The standby holds a synchronized copy of both slots before the primary goes, and the slave's
            // status says so per subscription, asking the standby named in failover_hosts.
            awaitSyncedSlots(standby, 2);
            JsonNode synced = awaitStatus(slave, "every slot synchronized to the standby", subscriptions -> {
                for (JsonNode subscription : subscriptions) {
                    if (!subscription.get("slot_synced_to_standby").asBoolean(false)) {
                        return false;
                    }
                }
                return true;
            });
            for (JsonNode subscription : synced) {
                assertThat(subscription.get("standby_slots")).as(subscription.toString()).hasSize(1);
                assertThat(subscription.at("/standby_slots/0/host").asText()).isEqualTo("127.0.0.1:" + standby.port());
                assertThat(subscription.at("/standby_slots/0/synced").asBoolean()).isTrue();
            }
            try (TestServer master = TestServer.builder().databases(primary.jdbcUrl("lenz"), primary.jdbcUrl("fremis"))
                    .set("ces.enabled", "true").set("ces.mode", "master").start()) {
                JsonNode status = master.admin().get("/api/ces/replication/status").json().get("result");
                assertThat(status.get("replication_slots")).hasSize(2);
                for (JsonNode slot : status.get("replication_slots")) {
                    assertThat(slot.get("failover").asBoolean()).as(slot.toString()).isTrue();
                    assertThat(slot.get("synced").asBoolean()).as("a primary's own slot").isFalse();
                }
                assertThat(status.at("/standby_slots/synchronized_standby_slots").asText()).isEqualTo("standby1");
                assertThat(status.at("/standby_slots/standbys_streaming").asBoolean()).isTrue();
            }

            primary.crash();
            standby.promote();
            insertEnrollment(standby, 2);

            awaitEnrollment(slaveDb, 2);
            // The promoted standby is the primary now (left out) and the old primary does not answer: no standby
            // holds a copy that could be checked, which the status says rather than guessing.
            for (JsonNode subscription : slave.admin().get("/api/ces/replication/status").json().at("/result/subscriptions")) {
                assertThat(subscription.get("standby_slots")).as(subscription.toString()).hasSize(1);
                assertThat(subscription.at("/standby_slots/0/host").asText()).isEqualTo("127.0.0.1:" + primary.port());
                assertThat(subscription.at("/standby_slots/0/synced").isNull()).isTrue();
                assertThat(subscription.get("slot_synced_to_standby").isNull()).as(subscription.toString()).isTrue();
            }
        } finally {
            if (slave != null) {
                slave.close();
            }
            slaveDb.close();
            if (standby != null) {
                standby.close();
            }
            primary.close();
        }
    }

    /** The slave's subscriptions once {@code condition} holds for them (polled: the standby syncs slots every few seconds). */
    private static JsonNode awaitStatus(TestServer slave, String what, java.util.function.Predicate<JsonNode> condition)
            throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        JsonNode subscriptions = null;
        while (System.currentTimeMillis() < deadline) {
            subscriptions = slave.admin().get("/api/ces/replication/status").json().at("/result/subscriptions");
            if (condition.test(subscriptions)) {
                return subscriptions;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("timed out waiting for " + what + ": " + subscriptions);
    }

    /** A master connection naming both members of the master's cluster: the subscription follows the primary. */
    private static Map<String, Object> master(String dbname, PgCluster primary, PgCluster standby) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("host", "127.0.0.1");
        c.put("port", primary.port());
        c.put("failover_hosts", List.of("127.0.0.1:" + standby.port()));
        c.put("dbname", dbname);
        c.put("user", "postgres");
        c.put("password", "");
        return c;
    }

    private static void insertEnrollment(PgCluster cluster, int id) {
        cluster.execute("lenz", "INSERT INTO enrolled_face (id, face_id, name) VALUES (" + id + ", 'face-" + id + "', 'person " + id + "')");
    }

    private static void awaitEnrollment(PgCluster slave, int id) throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = slave.connect("lenz");
                 ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM enrolled_face WHERE id = " + id)) {
                rs.next();
                if (rs.getInt(1) == 1) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("enrolled_face " + id + " never reached the slave");
    }

    private static void awaitSyncedSlots(PgCluster standby, int n) throws Exception {
        long deadline = System.currentTimeMillis() + DEADLINE_MS;
        List<String> seen = new ArrayList<>();
        while (System.currentTimeMillis() < deadline) {
            seen.clear();
            try (Connection c = standby.connect("postgres"); ResultSet rs = c.createStatement().executeQuery(
                    "SELECT slot_name FROM pg_replication_slots WHERE synced AND NOT temporary AND failover")) {
                while (rs.next()) {
                    seen.add(rs.getString(1));
                }
            }
            if (seen.size() >= n) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("slots synchronized to the standby: " + seen);
    }
}
