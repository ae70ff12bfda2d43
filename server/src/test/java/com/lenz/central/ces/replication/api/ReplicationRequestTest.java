package com.lenz.central.ces.replication.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.SharedPostgres;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.net.ServerSocket;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the replication endpoints answer before they touch any master: CES disabled, bodies with
 * missing or wrong fields, a master nobody listens on. Slave-mode only, so the shared cluster's
 * settings are never altered.
 */
class ReplicationRequestTest {

    @RegisterExtension
    static final TestServerExtension DISABLED = TestServerExtension.withDefaults();
    @RegisterExtension
    static final TestServerExtension SLAVE = TestServerExtension.with(b -> b.set("ces.enabled", "true")
            .set("ces.mode", "slave"));

    @Test
    void withCesDisabledSetupAndStatusAre409() {
        ApiClient admin = DISABLED.admin();

        ApiClient.Response setup = admin.post("/api/ces/replication/setup", Map.of());
        assertThat(setup.status()).isEqualTo(409);
        assertThat(setup.raw()).isEqualTo("{\"ok\":false,\"message\":\"failed to setup replication\",\"error\":\"CES is not enabled\"}");

        ApiClient.Response status = admin.get("/api/ces/replication/status");
        assertThat(status.status()).isEqualTo(409);
        assertThat(status.text("error")).isEqualTo("CES is not enabled");
    }

    @Test
    void aSlaveNeedsBothMasterConnections() {
        ApiClient.Response r = SLAVE.admin().post("/api/ces/replication/setup", Map.of());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("message")).isEqualTo("invalid request");
        assertThat(r.text("error")).isEqualTo("lenz_master is required on a slave");

        r = SLAVE.admin().post("/api/ces/replication/setup", Map.of("lenz_master", connection(5432)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("error")).isEqualTo("fremis_master is required on a slave");
    }

    @Test
    void eachMissingOrInvalidFieldIsNamed() {
        for (String field : new String[] {"host", "port", "dbname", "user", "password"}) {
            Map<String, Object> lenz = new HashMap<>(connection(5432));
            lenz.remove(field);
            ApiClient.Response r = SLAVE.admin().post("/api/ces/replication/setup",
                    Map.of("lenz_master", lenz, "fremis_master", connection(5432)));
            assertThat(r.status()).as(field).isEqualTo(400);
            assertThat(r.text("error")).isEqualTo("lenz_master." + field + " is required");
        }
        Map<String, Object> badPort = new HashMap<>(connection(5432));
        badPort.put("port", 70000);
        ApiClient.Response r = SLAVE.admin().post("/api/ces/replication/setup",
                Map.of("lenz_master", connection(5432), "fremis_master", badPort));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("error")).isEqualTo("fremis_master.port must be between 1 and 65535");

        badPort.put("port", "abc");
        r = SLAVE.admin().post("/api/ces/replication/setup", Map.of("lenz_master", connection(5432), "fremis_master", badPort));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("error")).contains("fremis_master.port");

        Map<String, Object> badHost = new HashMap<>(connection(5432));
        badHost.put("host", "db password=x");
        r = SLAVE.admin().post("/api/ces/replication/setup", Map.of("lenz_master", badHost, "fremis_master", connection(5432)));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("error")).isEqualTo("lenz_master.host must be a host name or an IP address");
    }

    @Test
    void aMasterNobodyListensOnIs502AndTheSlaveStaysUnconfigured() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ApiClient.Response r = SLAVE.admin().post("/api/ces/replication/setup",
                Map.of("lenz_master", connection(closedPort), "fremis_master", connection(closedPort)));

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        assertThat(r.text("message")).isEqualTo("failed to setup replication");
        assertThat(r.text("error")).contains("lenz_master").contains("localhost:" + closedPort).contains("refused")
                .doesNotContain("pw-never-shown");

        ApiClient.Response status = SLAVE.admin().get("/api/ces/replication/status");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().at("/result/mode").asText()).isEqualTo("slave");
        assertThat(status.json().at("/result/is_configured").asBoolean()).isFalse();
        assertThat(status.json().at("/result/subscriptions/0/exists").asBoolean()).isFalse();
        assertThat(status.json().at("/result/subscriptions/0/state").asText()).isEqualTo("missing");
    }

    @Test
    @Tag("faults")
    void aShortPasswordDoesNotGarblePostgresqlsMessage() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        // Masking by replacing the password's text everywhere turned "port" into "********ort".
        Map<String, Object> lenz = connection(closedPort);
        lenz.put("password", "p");
        Map<String, Object> fremis = connection(closedPort);
        fremis.put("password", "o");

        ApiClient.Response r = SLAVE.admin().post("/api/ces/replication/setup", Map.of("lenz_master", lenz, "fremis_master", fremis));

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        assertThat(r.text("error")).contains("Check that the hostname and port are correct and that the postmaster is accepting")
                .doesNotContain("*");
    }

    @Test
    void aMasterRefusesTablesWithoutPrimaryKeyAndNamesAMissingPrivilege() {
        PgCluster shared = SharedPostgres.cluster();
        String owner = "lenz_owner_" + ProcessHandle.current().pid();
        shared.execute("postgres", "CREATE ROLE " + owner + " LOGIN");
        String lenz = SharedPostgres.newDatabase("lenz");
        String fremis = SharedPostgres.newDatabase("fremis");
        shared.execute("postgres", "ALTER DATABASE " + lenz + " OWNER TO " + owner,
                "ALTER DATABASE " + fremis + " OWNER TO " + owner);
        shared.execute(lenz, "ALTER SCHEMA public OWNER TO " + owner);
        shared.execute(fremis, "ALTER SCHEMA public OWNER TO " + owner);
        try (TestServer master = TestServer.builder().databases(shared.jdbcUrl(lenz), shared.jdbcUrl(fremis))
                .set("database.user", owner).set("fremisDatabase.user", owner)
                .set("ces.enabled", "true").set("ces.mode", "master").start()) {

            shared.execute(fremis, "ALTER TABLE merged_vectors DROP CONSTRAINT merged_vectors_pkey");
            ApiClient.Response r = master.admin().post("/api/ces/replication/setup", Map.of());
            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.text("error")).contains("merged_vectors").contains("no primary key");

            shared.execute(fremis, "ALTER TABLE merged_vectors ADD PRIMARY KEY (id)");
            r = master.admin().post("/api/ces/replication/setup", Map.of());
            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.text("error")).contains("insufficient privilege").contains("ALTER SYSTEM").contains("superuser");
        }
    }

    @Test
    void setupNeedsAnAdmin() {
        ApiClient.Response r = SLAVE.server().anonymous().post("/api/ces/replication/setup", Map.of());
        assertThat(r.status()).isEqualTo(401);
    }

    private static Map<String, Object> connection(int port) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("host", "localhost");
        c.put("port", port);
        c.put("dbname", "lenz");
        c.put("user", "ces_repl");
        c.put("password", "pw-never-shown");
        return c;
    }
}
