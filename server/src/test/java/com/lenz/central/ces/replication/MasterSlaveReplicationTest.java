package com.lenz.central.ces.replication;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.ces.replication.db.SqlQuoting;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.LogCapture;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.Polling;
import com.lenz.central.testing.TestServer;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One master and two slaves, each a Lenz Central server on its own real PostgreSQL cluster, taken
 * through the whole story in order: master setup and restart, failed slave setups that leave nothing
 * behind, slave setups, rows (a face image of 300 KiB among them) flowing to both slaves.
 * The slaves reach the master as a REPLICATION role whose password holds a quote, a double quote, a
 * backslash and spaces, over password-checked (scram-sha-256) connections.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MasterSlaveReplicationTest {

    private static final String REPL_USER = "ces_repl";
    private static final String REPL_PASSWORD = "it's a \"secret\" \\ pass word";
    private static final String WRONG_PASSWORD = "not-the-right-one-4711";
    private static final Duration DEADLINE = Duration.ofSeconds(30);

    private PgCluster masterDb;
    private PgCluster slaveDb1;
    private PgCluster slaveDb2;
    private TestServer master;
    private TestServer slave1;
    private TestServer slave2;
    private LogCapture log;
    private final List<String> responses = new ArrayList<>();
    private final byte[] image = new byte[300 * 1024];

    @BeforeAll
    void startClusters() {
        new Random(42).nextBytes(image);
        masterDb = PgCluster.start();
        slaveDb1 = PgCluster.start(Map.of("wal_retrieve_retry_interval", "200ms"));
        slaveDb2 = PgCluster.start(Map.of("wal_retrieve_retry_interval", "200ms"));
        master = server(masterDb, "master");
        slave1 = server(slaveDb1, "slave");
        // Slave 2 has no FREMIS_DATABASE_URL: its Fremis database is the fremis_local its setup names.
        slave2 = TestServer.builder()
                .databases(slaveDb2.createDatabase("lenz"), slaveDb2.createDatabase("fremis"))
                .set("fremisDatabase.url", "same-server")
                .set("ces.enabled", "true").set("ces.mode", "slave").set("logging.level", "INFO")
                .start();
        slaveDb2.createDatabase("fremis_local");
        slaveDb2.execute("fremis_local",
                "CREATE TABLE keyspaces (id bigint PRIMARY KEY, name text NOT NULL UNIQUE, "
                        + "created_at timestamptz NOT NULL DEFAULT now())",
                "CREATE TABLE merged_vectors (id bigint PRIMARY KEY, keyspace_id bigint NOT NULL, face_id text NOT NULL, "
                        + "vector bytea NOT NULL, created_at timestamptz NOT NULL DEFAULT now(), updated_at timestamptz)");
        log = LogCapture.capture();

        masterDb.execute("postgres", "CREATE ROLE " + REPL_USER + " LOGIN REPLICATION PASSWORD "
                + SqlQuoting.literal(REPL_PASSWORD));
        masterDb.execute("lenz", "GRANT SELECT ON enrolled_face, face_image TO " + REPL_USER);
        masterDb.execute("fremis", "GRANT SELECT ON keyspaces, merged_vectors TO " + REPL_USER);
        // Passwords for everyone but the harness's own superuser.
        masterDb.replaceHba("""
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """);
    }

    private static TestServer server(PgCluster cluster, String mode) {
        return TestServer.builder()
                .databases(cluster.createDatabase("lenz"), cluster.createDatabase("fremis"))
                .set("ces.enabled", "true").set("ces.mode", mode)
                .set("logging.level", "INFO")
                .start();
    }

    @AfterAll
    void stopAll() {
        for (AutoCloseable c : new AutoCloseable[] {log, slave2, slave1, master, slaveDb2, slaveDb1, masterDb}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    @Order(1)
    void beforeSetupTheMasterShowsWalLevelNotSet() {
        JsonNode result = ok(master.admin().get("/api/ces/replication/status"), "replication status retrieved");

        assertThat(result.get("mode").asText()).isEqualTo("master");
        assertThat(result.get("is_configured").asBoolean()).isFalse();
        assertThat(result.at("/wal_level/current").asText()).isEqualTo("replica");
        assertThat(result.at("/wal_level/required").asText()).isEqualTo("logical");
        assertThat(result.at("/wal_level/is_set").asBoolean()).isFalse();
        assertThat(result.at("/max_replication_slots/required").asInt()).isEqualTo(200);
        assertThat(result.at("/publications/0/name").asText()).isEqualTo("lenz_ces_pub");
        assertThat(result.at("/publications/0/exists").asBoolean()).isFalse();
        assertThat(result.at("/publications/1/name").asText()).isEqualTo("fremis_ces_pub");
        assertThat(result.at("/publications/1/exists").asBoolean()).isFalse();
    }

    @Test
    @Order(2)
    void masterSetupChangesTheSettingsAndCreatesThePublications() throws SQLException {
        JsonNode result = ok(master.admin().post("/api/ces/replication/setup", Map.of()), "replication setup completed");

        assertThat(result.get("mode").asText()).isEqualTo("master");
        assertThat(result.at("/wal_level/current").asText()).isEqualTo("replica");
        assertThat(result.at("/wal_level/changed").asBoolean()).isTrue();
        assertThat(result.at("/max_replication_slots/required").asInt()).isEqualTo(200);
        assertThat(result.at("/max_replication_slots/changed").asBoolean()).isTrue();
        assertThat(result.get("restart_required").asBoolean()).isTrue();
        assertThat(result.at("/publications/0/exists").asBoolean()).isFalse();
        assertThat(result.at("/publications/0/created").asBoolean()).isTrue();
        assertThat(texts(result.at("/publications/0/tables"))).containsExactly("enrolled_face", "face_image");
        assertThat(result.at("/publications/1/created").asBoolean()).isTrue();
        assertThat(texts(result.at("/publications/1/tables"))).containsExactly("keyspaces", "merged_vectors");
        assertThat(query(masterDb, "lenz", "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_publication_tables "
                + "WHERE pubname = 'lenz_ces_pub'")).isEqualTo("enrolled_face,face_image");
        assertThat(query(masterDb, "postgres", "SELECT pending_restart::text FROM pg_settings WHERE name = 'wal_level'"))
                .as("the reload makes PostgreSQL itself report the pending restart").isEqualTo("true");

        JsonNode again = ok(master.admin().post("/api/ces/replication/setup", null), "replication setup completed");
        assertThat(again.at("/wal_level/changed").asBoolean()).as("already configured, waiting for the restart").isFalse();
        assertThat(again.at("/max_replication_slots/changed").asBoolean()).isFalse();
        assertThat(again.get("restart_required").asBoolean()).isTrue();
        assertThat(again.at("/publications/0/created").asBoolean()).isFalse();
        assertThat(again.at("/publications/0/exists").asBoolean()).isTrue();
    }

    @Test
    @Order(3)
    void afterTheRestartEverythingIsSetAndASecondSetupChangesNothing() {
        master.stop();
        masterDb.restart();
        master.startAgain();
        log.attach();

        JsonNode status = ok(master.admin().get("/api/ces/replication/status"), "replication status retrieved");
        assertThat(status.get("is_configured").asBoolean()).isTrue();
        assertThat(status.at("/wal_level/current").asText()).isEqualTo("logical");
        assertThat(status.at("/wal_level/is_set").asBoolean()).isTrue();
        assertThat(status.at("/max_replication_slots/current").asInt()).isEqualTo(200);
        assertThat(status.at("/max_replication_slots/is_set").asBoolean()).isTrue();
        assertThat(status.get("restart_required").asBoolean()).isFalse();
        assertThat(status.at("/publications/0/exists").asBoolean()).isTrue();
        assertThat(texts(status.at("/publications/1/tables"))).containsExactly("keyspaces", "merged_vectors");

        // As in the reference: the master names its Fremis database (here the one it is configured with).
        Map<String, Object> fremisLocal = Map.of("host", "localhost", "port", masterDb.port(), "dbname", "fremis",
                "user", "postgres", "password", "");
        JsonNode again = ok(master.admin().post("/api/ces/replication/setup", Map.of("fremis_local", fremisLocal)),
                "replication setup completed");
        assertThat(again.at("/wal_level/current").asText()).isEqualTo("logical");
        assertThat(again.at("/wal_level/changed").asBoolean()).isFalse();
        assertThat(again.at("/max_replication_slots/changed").asBoolean()).isFalse();
        assertThat(again.at("/max_wal_senders/changed").asBoolean()).isFalse();
        assertThat(again.get("restart_required").asBoolean()).isFalse();
        for (JsonNode publication : again.get("publications")) {
            assertThat(publication.get("exists").asBoolean()).isTrue();
            assertThat(publication.get("created").asBoolean()).isFalse();
            assertThat(publication.get("updated").asBoolean()).isFalse();
        }
    }

    @Test
    @Order(4)
    void aWrongMasterPasswordIs502WithPostgresReasonAndLeavesNothingBehind() {
        ApiClient.Response r = record(slave1.admin().post("/api/ces/replication/setup",
                slaveBody(WRONG_PASSWORD)));

        assertThat(r.status()).as(r.toString()).isEqualTo(502);
        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.text("message")).isEqualTo("failed to setup replication");
        assertThat(r.text("error")).contains("lenz_master").contains("password authentication failed")
                .doesNotContain(WRONG_PASSWORD);
        assertThat(query(slaveDb1, "lenz", "SELECT count(*)::text FROM pg_subscription")).isEqualTo("0");
        assertThat(query(masterDb, "postgres", "SELECT count(*)::text FROM pg_replication_slots")).isEqualTo("0");
    }

    @Test
    @Order(5)
    void aTableMissingOnTheSlaveIs409NamingIt() {
        slaveDb1.execute("fremis", "ALTER TABLE merged_vectors RENAME TO merged_vectors_aside");
        try {
            ApiClient.Response r = record(slave1.admin().post("/api/ces/replication/setup", slaveBody(REPL_PASSWORD)));

            assertThat(r.status()).as(r.toString()).isEqualTo(409);
            assertThat(r.text("error")).contains("merged_vectors").contains("Fremis");
            assertThat(query(slaveDb1, "lenz", "SELECT count(*)::text FROM pg_subscription")).isEqualTo("0");
        } finally {
            slaveDb1.execute("fremis", "ALTER TABLE merged_vectors_aside RENAME TO merged_vectors");
        }
    }

    @Test
    @Order(6)
    void aMasterRoleWithoutReplicationIs409NamingThePrivilege() {
        masterDb.execute("postgres", "CREATE ROLE ces_reader LOGIN PASSWORD 'reader-pw-1'");
        Map<String, Object> body = new LinkedHashMap<>();
        for (String db : List.of("lenz", "fremis")) {
            body.put(db + "_master", Map.of("host", "localhost", "port", masterDb.port(), "dbname", db,
                    "user", "ces_reader", "password", "reader-pw-1"));
        }

        ApiClient.Response r = record(slave1.admin().post("/api/ces/replication/setup", body));

        assertThat(r.status()).as(r.toString()).isEqualTo(409);
        assertThat(r.text("error")).contains("insufficient privilege").contains("REPLICATION").contains("ces_reader");
        assertThat(query(slaveDb1, "lenz", "SELECT count(*)::text FROM pg_subscription")).isEqualTo("0");
    }

    @Test
    @Order(7)
    void slaveSetupCreatesBothSubscriptionsEachOnASlotNamedForTheNode() {
        String nodeId = slave1.nodeIdentity().id();

        JsonNode result = ok(slave1.admin().post("/api/ces/replication/setup", slaveBody(REPL_PASSWORD)),
                "replication setup completed");

        assertThat(result.get("mode").asText()).isEqualTo("slave");
        assertThat(result.get("restart_required").asBoolean()).isFalse();
        JsonNode lenzSub = result.at("/subscriptions/0");
        assertThat(lenzSub.get("name").asText()).isEqualTo("lenz_ces_sub");
        assertThat(lenzSub.get("exists").asBoolean()).isFalse();
        assertThat(lenzSub.get("created").asBoolean()).isTrue();
        assertThat(lenzSub.get("enabled").asBoolean()).isTrue();
        assertThat(lenzSub.get("publication").asText()).isEqualTo("lenz_ces_pub");
        assertThat(lenzSub.get("slot_name").asText()).isEqualTo("lenz_ces_sub_" + nodeId);
        JsonNode fremisSub = result.at("/subscriptions/1");
        assertThat(fremisSub.get("name").asText()).isEqualTo("fremis_ces_sub");
        assertThat(fremisSub.get("created").asBoolean()).isTrue();
        assertThat(fremisSub.get("publication").asText()).isEqualTo("fremis_ces_pub");
        assertThat(query(masterDb, "postgres", "SELECT string_agg(slot_name, ',' ORDER BY slot_name) FROM pg_replication_slots "
                + "WHERE slot_name NOT LIKE 'pg\\_%'"))
                .isEqualTo("fremis_ces_sub_" + nodeId + ",lenz_ces_sub_" + nodeId);

        JsonNode again = ok(slave1.admin().post("/api/ces/replication/setup", slaveBody(REPL_PASSWORD)),
                "replication setup completed");
        for (JsonNode subscription : again.get("subscriptions")) {
            assertThat(subscription.get("exists").asBoolean()).isTrue();
            assertThat(subscription.get("created").asBoolean()).isFalse();
            assertThat(subscription.get("enabled").asBoolean()).isTrue();
        }
    }

    @Test
    @Order(8)
    void rowsInsertedOnTheMasterArriveOnTheSlaveAndBothSubscriptionsStream() throws Exception {
        insertEnrollment(1, "Budi Santoso");

        awaitRows(slaveDb1, 1);
        assertThat(query(slaveDb1, "lenz", "SELECT md5(image) FROM face_image WHERE id = 1")).isEqualTo(md5(image));
        assertThat(query(slaveDb1, "lenz", "SELECT name FROM enrolled_face WHERE id = 1")).isEqualTo("Budi Santoso");
        assertThat(query(slaveDb1, "fremis", "SELECT name FROM keyspaces WHERE id = 1")).isEqualTo("keyspace-1");

        JsonNode slaveStatus = awaitStreaming(slave1, "both subscriptions of slave 1 streaming");
        assertThat(slaveStatus.get("mode").asText()).isEqualTo("slave");
        assertThat(slaveStatus.get("is_configured").asBoolean()).isTrue();
        for (JsonNode subscription : slaveStatus.get("subscriptions")) {
            assertThat(subscription.get("exists").asBoolean()).isTrue();
            assertThat(subscription.get("enabled").asBoolean()).isTrue();
            assertThat(subscription.get("lag_bytes").isIntegralNumber()).as(subscription.toString()).isTrue();
            assertThat(subscription.get("lag_bytes").asLong()).isGreaterThanOrEqualTo(0);
        }

        List<JsonNode> clients = awaitStreamingClients(2);
        assertThat(clients).extracting(c -> c.get("application_name").asText())
                .containsExactly("fremis_ces_sub", "lenz_ces_sub");
        for (JsonNode client : clients) {
            assertThat(client.get("usename").asText()).isEqualTo(REPL_USER);
            assertThat(client.get("pid").asInt()).isPositive();
            assertThat(client.get("client_addr").asText()).isNotEmpty();
            assertThat(client.get("sent_lsn").asText()).matches("[0-9A-F]+/[0-9A-F]+");
            assertThat(client.get("sync_state").asText()).isEqualTo("async");
            assertThat(client.has("write_lag")).isTrue();
            assertThat(client.has("reply_time")).isTrue();
        }
    }

    @Test
    @Order(9)
    void aSecondSlaveSubscribesToTheSameMasterAndBothReceiveTheSameRows() throws Exception {
        Map<String, Object> body = slaveBody(REPL_PASSWORD);
        body.put("fremis_local", Map.of("host", "localhost", "port", slaveDb2.port(), "dbname", "fremis_local",
                "user", "postgres", "password", ""));
        JsonNode result = ok(slave2.admin().post("/api/ces/replication/setup", body), "replication setup completed");
        assertThat(result.findValuesAsText("slot_name"))
                .containsExactly("lenz_ces_sub_" + slave2.nodeIdentity().id(), "fremis_ces_sub_" + slave2.nodeIdentity().id());
        awaitRows(slaveDb2, "fremis_local", 1);

        insertEnrollment(2, "Siti Aminah");

        Map<PgCluster, String> fremisOf = Map.of(slaveDb1, "fremis", slaveDb2, "fremis_local");
        for (PgCluster slave : List.of(slaveDb1, slaveDb2)) {
            awaitRows(slave, fremisOf.get(slave), 2);
            assertThat(query(slave, "lenz", "SELECT string_agg(md5(image), ',' ORDER BY id) FROM face_image"))
                    .isEqualTo(md5(image) + "," + md5(image));
            assertThat(query(slave, fremisOf.get(slave), "SELECT string_agg(name, ',' ORDER BY id) FROM keyspaces"))
                    .isEqualTo("keyspace-1,keyspace-2");
        }
        assertThat(query(slaveDb2, "fremis", "SELECT count(*)::text FROM keyspaces"))
                .as("the default Fremis database was left alone").isEqualTo("0");
        assertThat(awaitStreamingClients(4)).extracting(c -> c.get("application_name").asText())
                .containsExactly("fremis_ces_sub", "fremis_ces_sub", "lenz_ces_sub", "lenz_ces_sub");
    }

    @Test
    @Order(10)
    void theLastFremisLocalRemainsTheSlavesFremisDatabaseAfterARestart() {
        slave2.stop();
        slave2.startAgain();
        log.attach();

        JsonNode status = awaitStreaming(slave2, "slave 2 streaming again");
        assertThat(status.at("/subscriptions/1/name").asText()).isEqualTo("fremis_ces_sub");
        assertThat(status.at("/subscriptions/1/exists").asBoolean()).isTrue();
        assertThat(status.at("/subscriptions/1/slot_name").asText()).isEqualTo("fremis_ces_sub_" + slave2.nodeIdentity().id());

        JsonNode again = ok(slave2.admin().post("/api/ces/replication/setup", slaveBody(REPL_PASSWORD)),
                "replication setup completed");
        assertThat(again.findValuesAsText("created")).containsExactly("false", "false");
    }

    @Test
    @Order(11)
    void whileTheMasterIsDownTheSlaveReportsItAndCatchesUpAfterwards() throws Exception {
        masterDb.stop();
        try {
            JsonNode down = await("slave 1 to notice its master is gone", () -> {
                JsonNode s = ok(slave1.admin().get("/api/ces/replication/status"), "replication status retrieved");
                return "down".equals(s.at("/subscriptions/0/state").asText()) ? s : null;
            });
            assertThat(down.at("/subscriptions/0/exists").asBoolean()).isTrue();
            assertThat(down.at("/subscriptions/0/lag_bytes").isNull()).as("unknown while the master is away").isTrue();
        } finally {
            masterDb.restart();
        }
        insertEnrollment(3, "Agus Wijaya");

        awaitRows(slaveDb1, 3);
        awaitStreaming(slave1, "slave 1 streaming again");
    }

    @Test
    @Order(12)
    void theMasterPasswordAppearsInNoResponseAndNoLogLine() {
        String logged = log.text();
        assertThat(logged).as("the capture saw the setup's own log lines").contains("created subscription lenz_ces_sub");
        // The password escaped any way (JSON, SQL, conninfo) still holds these.
        assertThat(logged).doesNotContain(REPL_PASSWORD).doesNotContain(WRONG_PASSWORD)
                .doesNotContain("\"secret\"").doesNotContain("pass word");
        assertThat(responses).isNotEmpty();
        assertThat(String.join("\n", responses)).doesNotContain("secret").doesNotContain(WRONG_PASSWORD);
    }

    // ---- helpers --------------------------------------------------------------------------------------

    private Map<String, Object> slaveBody(String password) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lenz_master", connection("lenz", password));
        body.put("fremis_master", connection("fremis", password));
        return body;
    }

    private Map<String, Object> connection(String dbname, String password) {
        return Map.of("host", "localhost", "port", masterDb.port(), "dbname", dbname, "user", REPL_USER,
                "password", password);
    }

    private void insertEnrollment(int id, String name) throws SQLException {
        try (Connection c = masterDb.connect("lenz")) {
            c.createStatement().execute("INSERT INTO enrolled_face (id, face_id, name) VALUES (" + id + ", 'face-" + id
                    + "', '" + name + "')");
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO face_image (id, enrolled_face_id, variation, image) VALUES (?, ?, 'front', ?)")) {
                ps.setInt(1, id);
                ps.setInt(2, id);
                ps.setBytes(3, image);
                ps.executeUpdate();
            }
        }
        masterDb.execute("fremis", "INSERT INTO keyspaces (id, name) VALUES (" + id + ", 'keyspace-" + id + "')",
                "INSERT INTO merged_vectors (keyspace_id, face_id, vector) VALUES (" + id + ", 'face-" + id
                        + "', '\\x0102030405060708')");
    }

    /** Waits until every one of the four tables of {@code slave} holds {@code rows} rows. */
    private void awaitRows(PgCluster slave, int rows) {
        awaitRows(slave, "fremis", rows);
    }

    private void awaitRows(PgCluster slave, String fremisDb, int rows) {
        String expected = rows + "," + rows;
        await(rows + " rows in every table of the slave on port " + slave.port(), () ->
                query(slave, "lenz", "SELECT (SELECT count(*) FROM enrolled_face) || ',' || (SELECT count(*) FROM face_image)")
                        .equals(expected)
                && query(slave, fremisDb, "SELECT (SELECT count(*) FROM keyspaces) || ',' || (SELECT count(*) FROM merged_vectors)")
                        .equals(expected) ? true : null);
    }

    /** The slave's status once both its subscriptions are streaming. */
    private JsonNode awaitStreaming(TestServer slave, String what) {
        return await(what, () -> {
            JsonNode s = ok(slave.admin().get("/api/ces/replication/status"), "replication status retrieved");
            return s.findValuesAsText("state").equals(List.of("streaming", "streaming")) ? s : null;
        });
    }

    /** The master's replication clients once {@code count} of them are streaming, sorted by application name. */
    private List<JsonNode> awaitStreamingClients(int count) {
        return await(count + " streaming replication clients on the master", () -> {
            JsonNode status = ok(master.admin().get("/api/ces/replication/status"), "replication status retrieved");
            List<JsonNode> clients = new ArrayList<>();
            status.get("replication_clients").forEach(clients::add);
            // Table-copy workers (pg_<oid>_sync_...) come and go while a slave catches up.
            boolean ready = clients.size() == count && clients.stream().allMatch(c ->
                    "streaming".equals(c.get("state").asText()) && c.get("application_name").asText().endsWith("_ces_sub"));
            return ready ? clients : null;
        });
    }

    private JsonNode ok(ApiClient.Response r, String message) {
        record(r);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("ok").asBoolean()).isTrue();
        assertThat(r.text("message")).isEqualTo(message);
        return r.json().get("result");
    }

    private ApiClient.Response record(ApiClient.Response r) {
        responses.add(r.raw());
        return r;
    }

    private static <T> T await(String what, Supplier<T> probe) {
        return Polling.awaitValue(DEADLINE, what, probe);
    }

    private static String query(PgCluster cluster, String database, String sql) {
        try (Connection c = cluster.connect(database); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }
}
