package com.lenz.central.ces.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.ces.api.CesMetricsTest;
import com.lenz.central.testing.TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Rows stored before node ids compared case-insensitively are merged by the migration that makes them so. */
class CesNodeIdsMigrationTest {

    @Test
    @Tag("faults")
    void rowsWhoseIdsDifferOnlyInCaseBecomeOneNode() {
        try (TestServer master = TestServer.builder().set("ces.enabled", "true").set("ces.mode", "master")
                .set("ces.masterApiKey", CesMetricsTest.KEY).set("ces.nodeId", "5eed0001").start()) {
            master.stop();
            // The table as it could be before: one node under three spellings, and the master's id sent in upper case.
            CesMetricsTest.sql(master, "DROP INDEX ces_nodes_id_lower_idx",
                    "INSERT INTO ces_nodes (id, name, ip_address, total_enrollment, last_heartbeat, created_at, updated_at) VALUES "
                            + "('dup0001a', 'Old spelling', '10.5.0.1', 1, now() - interval '2 hours', now(), now()), "
                            + "('DUP0001A', 'Newest', '10.5.0.2', 2, now() - interval '1 minute', now(), now()), "
                            + "('Dup0001A', 'Oldest', '10.5.0.3', 3, now() - interval '3 hours', now(), now()), "
                            + "('5EED0001', 'Impostor', '10.5.0.9', 4, now(), now(), now())",
                    "DELETE FROM databasechangelog WHERE id = '010-clients-ces-node-ids'");

            master.startAgain();

            List<JsonNode> nodes = new ArrayList<>();
            master.admin().get("/api/ces/metrics").json().at("/results/metrics").forEach(nodes::add);
            assertThat(nodes).extracting(n -> n.path("id").asText()).containsExactlyInAnyOrder("5eed0001", "DUP0001A");
            assertThat(nodes.get(0).path("is_master").asBoolean()).isTrue();
            JsonNode kept = nodes.get(1);
            assertThat(kept.path("name").asText()).as("the one heard last").isEqualTo("Newest");

            CesMetricsTest.report(master.anonymous(), CesMetricsTest.KEY, CesMetricsTest.body("id", "dup0001A", "name", "Again",
                    "ip_address", "10.5.0.4"));
            List<JsonNode> after = new ArrayList<>();
            master.admin().get("/api/ces/metrics").json().at("/results/metrics").forEach(after::add);
            assertThat(after).hasSize(2);
            assertThat(after.get(1).path("name").asText()).isEqualTo("Again");
        }
    }
}
