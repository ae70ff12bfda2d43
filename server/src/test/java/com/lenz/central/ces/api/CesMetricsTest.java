package com.lenz.central.ces.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGProperty;
import org.postgresql.replication.LogSequenceNumber;
import org.postgresql.replication.PGReplicationStream;

/** A CES master taking reports over {@code POST /api/ces/metrics} and showing them on {@code GET}. */
public class CesMetricsTest {

    public static final String KEY = "master-key-for-tests";
    @RegisterExtension
    static final TestServerExtension MASTER = TestServerExtension.with(b -> b.set("ces.enabled", "true")
            .set("ces.mode", "master").set("ces.masterApiKey", KEY)
            .set("ces.masterUrl", "http://ops:secret@master-gateway:6015")
            .set("ces.nodeId", "20c9acbe").set("ces.nodeName", "Master Gateway").set("ces.nodeIp", "192.168.1.10"));

    public static ApiClient.Response report(ApiClient client, String key, Object body) {
        HttpRequest.Builder request = client.request("/api/ces/metrics").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body instanceof String s ? s : Json.write(body)));
        if (key != null) {
            request.header("X-API-Key", key);
        }
        return client.send(request);
    }

    public static Map<String, Object> body(Object... keysAndValues) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            body.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return body;
    }

    private static List<JsonNode> nodes(String query) {
        ApiClient.Response r = MASTER.admin().get("/api/ces/metrics" + query);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> nodes = new ArrayList<>();
        r.json().path("results").path("metrics").forEach(nodes::add);
        return nodes;
    }

    private static JsonNode node(String id) {
        return nodes("").stream().filter(n -> n.path("id").asText().equals(id)).findFirst().orElse(null);
    }

    /** What {@code read} answers once it answers {@code expected}, or its last answer after 10 s. */
    private static String eventually(java.util.function.Supplier<String> read, String expected) {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        String last = read.get();
        while (!expected.equals(last) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return last;
            }
            last = read.get();
        }
        return last;
    }

    public static void sql(TestServer server, String... statements) {
        try (Connection c = DriverManager.getConnection(server.setting("database.url"), "postgres", "");
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void configShowsTheRoleAndNeverTheKeyNorUrlCredentials() {
        ApiClient.Response r = MASTER.admin().get("/api/ces/config");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().toString()).isEqualTo("{\"ok\":true,\"message\":\"successfully retrieved CES config\","
                + "\"result\":{\"ces_enabled\":true,\"ces_mode\":\"master\",\"ces_master_url\":\"http://master-gateway:6015\"}}");
        assertThat(r.raw()).doesNotContain(KEY).doesNotContain("secret");
        assertThat(MASTER.server().anonymous().get("/api/ces/config").status()).isEqualTo(401);
    }

    @Test
    void aReportWithAWrongOrMissingKeyIsRefusedAndNotStored() {
        ApiClient anonymous = MASTER.server().anonymous();
        ApiClient.Response wrong = report(anonymous, KEY + "x", body("id", "badkey01", "name", "Intruder", "ip_address", "10.0.0.9"));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().path("ok").asBoolean()).isFalse();
        assertThat(wrong.text("error")).isEqualTo("invalid X-API-Key");
        ApiClient.Response missing = report(anonymous, null, body("id", "badkey01", "name", "Intruder", "ip_address", "10.0.0.9"));
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.text("error")).isEqualTo("missing X-API-Key header");
        // A bearer token is not a key either.
        assertThat(report(MASTER.admin(), null, body("id", "badkey01", "name", "Intruder", "ip_address", "10.0.0.9")).status()).isEqualTo(401);
        assertThat(node("badkey01")).isNull();
    }

    @Test
    void invalidReportsAre400sNamingTheField() {
        ApiClient client = MASTER.server().anonymous();
        Map<Object, String> cases = new LinkedHashMap<>();
        cases.put(body("ip_address", "10.0.0.1"), "field 'name' is required");
        cases.put(body("name", "  ", "ip_address", "10.0.0.1"), "field 'name' must not be blank");
        cases.put(body("name", 12, "ip_address", "10.0.0.1"), "field 'name' must be a string");
        cases.put(body("name", "n"), "field 'ip_address' is required");
        cases.put(body("name", "n", "ip_address", "not an address"), "field 'ip_address' must be an IPv4 or IPv6 address");
        cases.put(body("name", "n", "ip_address", "10.0.0.1", "total_enrollment", -1), "field 'total_enrollment' must be at least 0");
        cases.put(body("name", "n", "ip_address", "10.0.0.1", "total_enrollment", "500"), "field 'total_enrollment' must be an integer");
        cases.put(body("name", "n", "ip_address", "10.0.0.1", "total_enrollment", 1.5), "field 'total_enrollment' must be an integer");
        cases.put(body("name", "n", "ip_address", "10.0.0.1", "custom_fields", List.of("a")), "field 'custom_fields' must be an object");
        cases.put(body("name", "n", "ip_address", "10.0.0.1", "custom_fields", "x"), "field 'custom_fields' must be an object");
        cases.put(body("id", "has space", "name", "n", "ip_address", "10.0.0.1"), "field 'id' must be 1 to 64 letters");
        cases.put(body("id", 42, "name", "n", "ip_address", "10.0.0.1"), "field 'id' must be a string");
        cases.put(body("id", "20c9acbe", "name", "n", "ip_address", "10.0.0.1"), "field 'id' is this master's own node id");
        cases.put("[1, 2]", "request body must be a JSON object");
        cases.put("", "request body is missing or empty");
        cases.forEach((payload, error) -> {
            ApiClient.Response r = report(client, KEY, payload);
            assertThat(r.status()).as(payload + " -> " + r).isEqualTo(400);
            assertThat(r.text("message")).isEqualTo("invalid request");
            assertThat(r.text("error")).as(payload.toString()).startsWith(error);
        });
        ApiClient.Response malformed = report(client, KEY, "{\"name\": ");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.text("message")).isEqualTo("invalid request");
    }

    @Test
    void aReportOver64KiBIs413() {
        String big = "x".repeat(70 * 1024);
        ApiClient.Response r = report(MASTER.server().anonymous(), KEY,
                body("id", "bigbody1", "name", "Big", "ip_address", "10.0.0.2", "custom_fields", Map.of("blob", big)));
        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().path("ok").asBoolean()).isFalse();
        assertThat(node("bigbody1")).isNull();
        // Just under the limit is fine.
        ApiClient.Response ok = report(MASTER.server().anonymous(), KEY,
                body("id", "bigbody2", "name", "Big", "ip_address", "10.0.0.2", "custom_fields", Map.of("blob", "x".repeat(60 * 1024))));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(200);
    }

    @Test
    void reportsAreUpsertedByIdElseByNameAndStampedWithTheMastersClock() throws Exception {
        Instant before = Instant.now();
        ApiClient.Response first = report(MASTER.server().anonymous(), KEY, body("id", "a1b2c3d4", "name", "Slave Node 1",
                "ip_address", "192.168.1.11", "total_enrollment", 500, "custom_fields", Map.of("location", "Gedung B")));
        assertThat(first.json().toString()).isEqualTo("{\"ok\":true,\"message\":\"metric received successfully\"}");
        JsonNode stored = node("a1b2c3d4");
        assertThat(stored.path("name").asText()).isEqualTo("Slave Node 1");
        assertThat(stored.path("ip_address").asText()).isEqualTo("192.168.1.11");
        assertThat(stored.path("total_enrollment").asLong()).isEqualTo(500);
        assertThat(stored.path("is_master").asBoolean()).isFalse();
        assertThat(stored.path("custom_fields").toString()).isEqualTo("{\"location\":\"Gedung B\"}");
        assertThat(stored.path("status").asText()).isEqualTo("online");
        Instant heartbeat = Instant.parse(stored.path("last_heartbeat").asText());
        assertThat(heartbeat).isBetween(before.truncatedTo(ChronoUnit.SECONDS), Instant.now());

        Thread.sleep(1_100); // timestamps are whole seconds: the next heartbeat must be visibly later
        report(MASTER.server().anonymous(), KEY, body("id", "a1b2c3d4", "name", "Slave Node 1 renamed", "ip_address", "192.168.1.12",
                "total_enrollment", 501));
        JsonNode updated = node("a1b2c3d4");
        assertThat(updated.path("name").asText()).isEqualTo("Slave Node 1 renamed");
        assertThat(updated.path("total_enrollment").asLong()).isEqualTo(501);
        assertThat(updated.path("custom_fields").toString()).as("left out, kept").isEqualTo("{\"location\":\"Gedung B\"}");
        assertThat(updated.path("created_at").asText()).isEqualTo(stored.path("created_at").asText());
        assertThat(Instant.parse(updated.path("last_heartbeat").asText())).isAfter(heartbeat);
        assertThat(nodes("").stream().filter(n -> n.path("id").asText().equals("a1b2c3d4"))).hasSize(1);

        // Without an id the name is the key: two reports make one node, with an id the master made up.
        report(MASTER.server().anonymous(), KEY, body("name", "Nameless Node", "ip_address", "10.1.1.1", "total_enrollment", 1));
        report(MASTER.server().anonymous(), KEY, body("name", "Nameless Node", "ip_address", "10.1.1.2", "total_enrollment", 2));
        List<JsonNode> nameless = nodes("?search=" + enc("^Nameless Node$"));
        assertThat(nameless).hasSize(1);
        assertThat(nameless.get(0).path("id").asText()).matches("[0-9a-f]{8}");
        assertThat(nameless.get(0).path("ip_address").asText()).isEqualTo("10.1.1.2");
        assertThat(nameless.get(0).path("total_enrollment").asLong()).isEqualTo(2);
    }

    @Test
    @Tag("faults")
    void aReportOfOnlyNameAndIpKeepsTheStoredEnrollmentAndCustomFields() {
        // The reference's own example body: name and ip_address only.
        report(MASTER.server().anonymous(), KEY, body("id", "keep0001", "name", "Keeper", "ip_address", "10.2.0.1",
                "total_enrollment", 500, "custom_fields", Map.of("location", "Gedung B")));
        assertThat(report(MASTER.server().anonymous(), KEY, body("id", "keep0001", "name", "Keeper", "ip_address", "10.2.0.2")).status())
                .isEqualTo(200);
        JsonNode kept = node("keep0001");
        assertThat(kept.path("ip_address").asText()).isEqualTo("10.2.0.2");
        assertThat(kept.path("total_enrollment").asLong()).isEqualTo(500);
        assertThat(kept.path("custom_fields").toString()).isEqualTo("{\"location\":\"Gedung B\"}");

        // Each optional field alone: the given one changes, the other stays.
        report(MASTER.server().anonymous(), KEY, body("id", "keep0001", "name", "Keeper", "ip_address", "10.2.0.2", "total_enrollment", 7));
        assertThat(node("keep0001").path("total_enrollment").asLong()).isEqualTo(7);
        assertThat(node("keep0001").path("custom_fields").toString()).isEqualTo("{\"location\":\"Gedung B\"}");
        report(MASTER.server().anonymous(), KEY, body("id", "keep0001", "name", "Keeper", "ip_address", "10.2.0.2", "custom_fields", Map.of()));
        assertThat(node("keep0001").path("total_enrollment").asLong()).isEqualTo(7);
        assertThat(node("keep0001").path("custom_fields").toString()).isEqualTo("{}");

        // Without an id, by name, alike; a new node starts with 0 and {}.
        report(MASTER.server().anonymous(), KEY, body("name", "Keeper By Name", "ip_address", "10.2.0.3"));
        JsonNode fresh = nodes("?search=" + enc("^Keeper By Name$")).get(0);
        assertThat(fresh.path("total_enrollment").asLong()).isZero();
        assertThat(fresh.path("custom_fields").toString()).isEqualTo("{}");
        report(MASTER.server().anonymous(), KEY, body("name", "Keeper By Name", "ip_address", "10.2.0.3", "total_enrollment", 9,
                "custom_fields", Map.of("floor", 2)));
        report(MASTER.server().anonymous(), KEY, body("name", "Keeper By Name", "ip_address", "10.2.0.4"));
        List<JsonNode> byName = nodes("?search=" + enc("^Keeper By Name$"));
        assertThat(byName).hasSize(1);
        assertThat(byName.get(0).path("total_enrollment").asLong()).isEqualTo(9);
        assertThat(byName.get(0).path("custom_fields").toString()).isEqualTo("{\"floor\":2}");
    }

    @Test
    @Tag("faults")
    void idsCompareCaseInsensitivelyAndTheMastersIdInAnyCaseIsRefused() throws Exception {
        report(MASTER.server().anonymous(), KEY, body("id", "a1b2c3e5", "name", "Cased", "ip_address", "10.3.0.1", "total_enrollment", 1));
        ApiClient.Response upper = report(MASTER.server().anonymous(), KEY, body("id", "A1B2C3E5", "name", "Cased", "ip_address",
                "10.3.0.2", "total_enrollment", 2));
        assertThat(upper.status()).as(upper.toString()).isEqualTo(200);
        List<JsonNode> cased = nodes("?search=" + enc("^Cased$"));
        assertThat(cased).as("one node").hasSize(1);
        assertThat(cased.get(0).path("id").asText()).isEqualTo("a1b2c3e5");
        assertThat(cased.get(0).path("total_enrollment").asLong()).isEqualTo(2);
        assertThat(cased.get(0).path("ip_address").asText()).isEqualTo("10.3.0.2");

        // This master is 20c9acbe: a slave sending it in upper case is not a separate node.
        ApiClient.Response masterId = report(MASTER.server().anonymous(), KEY, body("id", "20C9ACBE", "name", "Impostor",
                "ip_address", "10.3.0.9"));
        assertThat(masterId.status()).as(masterId.toString()).isEqualTo(400);
        assertThat(masterId.text("error")).contains("own node id");
        assertThat(nodes("?search=Impostor")).isEmpty();

        // Both cases of one new id at once, through the batched writer: still one node.
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(16);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String id = i % 2 == 0 ? "Bb12cc34" : "BB12CC34";
                answers.add(pool.submit(() -> report(MASTER.server().anonymous(), KEY, body("id", id, "name", "Twice Cased",
                        "ip_address", "10.3.0.3")).status()));
            }
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        assertThat(nodes("?search=" + enc("^Twice Cased$"))).hasSize(1);
    }

    @Test
    @Tag("faults")
    void concurrentFirstReportsOfOneNameWithoutIdMakeOneNode() throws Exception {
        for (int round = 0; round < 5; round++) {
            String name = "Racer " + round;
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
            java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
            try {
                List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    answers.add(pool.submit(() -> {
                        go.await();
                        return report(MASTER.server().anonymous(), KEY, body("name", name, "ip_address", "10.4.0.1")).status();
                    }));
                }
                go.countDown();
                for (var answer : answers) {
                    assertThat(answer.get()).isEqualTo(200);
                }
            } finally {
                pool.shutdown();
            }
            assertThat(nodes("?search=" + enc("^" + name + "$"))).as(name).hasSize(1);
        }
    }

    @Test
    void manySlavesReportingAtOnceAreAllStoredEachWithItsOwnValues() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(32);
        try {
            List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                int n = i;
                answers.add(pool.submit(() -> report(MASTER.server().anonymous(), KEY, body("id", String.format("cc%06d", n),
                        "name", "Crowd " + n, "ip_address", "10.9." + (n / 256) + "." + (n % 256), "total_enrollment", n,
                        "custom_fields", Map.of("n", n))).status()));
                // ... and one node reporting over and over among them
                answers.add(pool.submit(() -> report(MASTER.server().anonymous(), KEY, body("id", "cc-same", "name", "Chatty",
                        "ip_address", "10.9.9.9", "total_enrollment", n)).status()));
            }
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(200);
            }
        } finally {
            pool.shutdown();
        }
        Map<String, JsonNode> byId = new java.util.HashMap<>();
        nodes("").forEach(n -> byId.put(n.path("id").asText(), n));
        for (int n = 0; n < 300; n++) {
            JsonNode node = byId.get(String.format("cc%06d", n));
            assertThat(node).as("node %d", n).isNotNull();
            assertThat(node.path("name").asText()).isEqualTo("Crowd " + n);
            assertThat(node.path("total_enrollment").asLong()).isEqualTo(n);
            assertThat(node.path("custom_fields").path("n").asInt()).isEqualTo(n);
            assertThat(node.path("status").asText()).isEqualTo("online");
        }
        assertThat(nodes("?search=%5EChatty%24")).hasSize(1);
    }

    @Test
    void theMastersOwnRowComesFirstWithALiveEnrollmentCount() {
        report(MASTER.server().anonymous(), KEY, body("id", "aaaa0001", "name", "Another Slave", "ip_address", "10.0.0.3"));
        report(MASTER.server().anonymous(), KEY, body("id", "0000zzzz", "name", "Zeta Slave", "ip_address", "10.0.0.5"));
        report(MASTER.server().anonymous(), KEY, body("id", "zzzz0000", "name", "Beta Slave", "ip_address", "10.0.0.6"));
        sql(MASTER.server(), "INSERT INTO enrolled_face (face_id, name) VALUES ('f1', 'Ani'), ('f2', 'Budi'), ('f3', 'Citra')",
                "INSERT INTO enrolled_face (face_id, name, deleted_at) VALUES ('f4', 'Deleted', now())");
        try {
            ApiClient.Response r = MASTER.admin().get("/api/ces/metrics");
            assertThat(r.text("message")).isEqualTo("successfully retrieved CES metrics");
            JsonNode first = r.json().path("results").path("metrics").get(0);
            assertThat(first.path("id").asText()).isEqualTo("20c9acbe");
            assertThat(first.path("name").asText()).isEqualTo("Master Gateway");
            assertThat(first.path("ip_address").asText()).isEqualTo("192.168.1.10");
            assertThat(first.path("is_master").asBoolean()).isTrue();
            assertThat(first.path("status").asText()).isEqualTo("online");
            assertThat(first.path("total_enrollment").asLong()).isEqualTo(3);
            List<String> fields = new ArrayList<>();
            first.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("id", "name", "ip_address", "total_enrollment", "is_master", "custom_fields",
                    "last_heartbeat", "created_at", "updated_at", "status");
            assertThat(r.json().path("results").path("replication_clients").isArray()).isTrue();
            // After the master, the slaves by name.
            List<String> slaves = new ArrayList<>();
            r.json().path("results").path("metrics").forEach(n -> {
                if (!n.path("is_master").asBoolean()) {
                    slaves.add(n.path("name").asText());
                }
            });
            assertThat(slaves).contains("Another Slave", "Beta Slave", "Zeta Slave").isSorted();
        } finally {
            sql(MASTER.server(), "DELETE FROM enrolled_face");
        }
        // A change made outside the API shows once the shared listing is a second old.
        assertThat(eventually(() -> nodes("").get(0).path("total_enrollment").asText(), "0")).isEqualTo("0");
    }

    @Test
    void aReportShowsInTheVeryNextListingThoughListingsAreShared() {
        report(MASTER.server().anonymous(), KEY, body("id", "fresh001", "name", "Fresh Slave", "ip_address", "10.0.0.7"));
        assertThat(node("fresh001").path("ip_address").asText()).isEqualTo("10.0.0.7");
        assertThat(node("fresh002")).isNull();
        report(MASTER.server().anonymous(), KEY, body("id", "fresh002", "name", "Fresh Slave 2", "ip_address", "10.0.0.8"));
        report(MASTER.server().anonymous(), KEY, body("id", "fresh001", "name", "Fresh Slave", "ip_address", "10.0.0.9"));
        assertThat(node("fresh002")).isNotNull();
        assertThat(node("fresh001").path("ip_address").asText()).isEqualTo("10.0.0.9");
        // Another search is another listing: never the one shared for the full list.
        assertThat(nodes("?search=" + enc("^Fresh Slave 2$")).stream().map(n -> n.path("id").asText())).containsExactly("fresh002");
        assertThat(nodes("?search=" + enc("^Fresh Slave$")).stream().map(n -> n.path("id").asText())).containsExactly("fresh001");
    }

    @Test
    void aNodeSilentLongerThanOfflineAfterIsOffline() {
        report(MASTER.server().anonymous(), KEY, body("id", "silent01", "name", "Silent Slave", "ip_address", "10.0.0.4"));
        assertThat(node("silent01").path("status").asText()).isEqualTo("online");
        sql(MASTER.server(), "UPDATE ces_nodes SET last_heartbeat = now() - interval '181 seconds' WHERE id = 'silent01'");
        // Time passing is no report: the listing shared for up to a second shows it after that second.
        assertThat(eventually(() -> node("silent01").path("status").asText(), "offline")).isEqualTo("offline");
        report(MASTER.server().anonymous(), KEY, body("id", "silent01", "name", "Silent Slave", "ip_address", "10.0.0.4"));
        assertThat(node("silent01").path("status").asText()).isEqualTo("online");
    }

    @Test
    void searchIsACaseInsensitiveRegularExpressionOnTheName() {
        report(MASTER.server().anonymous(), KEY, body("id", "srch0001", "name", "Slave Jakarta", "ip_address", "10.0.1.1"));
        report(MASTER.server().anonymous(), KEY, body("id", "srch0002", "name", "slave bandung", "ip_address", "10.0.1.2"));
        report(MASTER.server().anonymous(), KEY, body("id", "srch0003", "name", "Gateway Slave", "ip_address", "10.0.1.3"));

        assertThat(nodes("?search=" + enc("^Slave")).stream().map(n -> n.path("id").asText()))
                .contains("srch0001", "srch0002").doesNotContain("srch0003", "20c9acbe");
        assertThat(nodes("?search=" + enc("BANDUNG$")).stream().map(n -> n.path("id").asText())).containsExactly("srch0002");
        assertThat(nodes("?search=" + enc("^master gate")).stream().map(n -> n.path("id").asText())).containsExactly("20c9acbe");

        ApiClient.Response invalid = MASTER.admin().get("/api/ces/metrics?search=" + enc("(unclosed"));
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.text("message")).isEqualTo("invalid request");
        assertThat(invalid.text("error")).startsWith("search is not a valid regular expression");
    }

    @Test
    void aCatastrophicPatternAgainstALongNameAnswersAtOnce() {
        // A backtracking engine needs 2^250 steps for this; RE2J needs one pass.
        report(MASTER.server().anonymous(), KEY, body("id", "aaaaaaaa", "name", "a".repeat(250) + "!", "ip_address", "10.0.2.1"));
        long start = System.nanoTime();
        List<JsonNode> found = nodes("?search=" + enc("(a+)+$"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        assertThat(found.stream().map(n -> n.path("id").asText())).doesNotContain("aaaaaaaa");
        assertThat(nodes("?search=" + enc("(a+)+!$")).stream().map(n -> n.path("id").asText())).containsExactly("aaaaaaaa");
    }

    @Test
    void replicationClientsAreTheRowsOfPgStatReplication() throws Exception {
        String url = MASTER.server().setting("database.url");
        LogSequenceNumber start;
        try (Connection c = DriverManager.getConnection(url, "postgres", "");
             ResultSet rs = c.createStatement().executeQuery("SELECT pg_current_wal_lsn()")) {
            rs.next();
            start = LogSequenceNumber.valueOf(rs.getString(1));
        }
        Properties props = new Properties();
        PGProperty.USER.set(props, "postgres");
        PGProperty.REPLICATION.set(props, "true");
        PGProperty.ASSUME_MIN_SERVER_VERSION.set(props, "9.4");
        PGProperty.PREFER_QUERY_MODE.set(props, "simple");
        PGProperty.APPLICATION_NAME.set(props, "lenz_test_receiver");
        try (Connection replication = DriverManager.getConnection(url, props);
             PGReplicationStream stream = replication.unwrap(PGConnection.class).getReplicationAPI()
                     .replicationStream().physical().withStartPosition(start).start()) {
            stream.forceUpdateStatus();
            JsonNode client = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (client == null && System.nanoTime() < deadline) {
                for (JsonNode c : MASTER.admin().get("/api/ces/metrics").json().path("results").path("replication_clients")) {
                    if (c.path("application_name").asText().equals("lenz_test_receiver") && c.path("state").asText().equals("streaming")) {
                        client = c;
                    }
                }
                Thread.sleep(50);
            }
            assertThat(client).as("the receiver in replication_clients").isNotNull();
            List<String> fields = new ArrayList<>();
            client.fieldNames().forEachRemaining(fields::add);
            assertThat(fields).containsExactly("pid", "usename", "application_name", "client_addr", "client_port",
                    "backend_start", "state", "sent_lsn", "write_lsn", "flush_lsn", "replay_lsn", "write_lag", "flush_lag",
                    "replay_lag", "sync_state", "reply_time");
            assertThat(client.path("pid").isInt()).isTrue();
            assertThat(client.path("usename").asText()).isEqualTo("postgres");
            assertThat(client.path("client_addr").asText()).matches("127\\.0\\.0\\.1|::1");
            assertThat(client.path("client_port").isInt()).isTrue();
            assertThat(Instant.parse(client.path("backend_start").asText())).isBefore(Instant.now());
            assertThat(client.path("sent_lsn").asText()).matches("[0-9A-F]+/[0-9A-F]+");
            assertThat(client.path("sync_state").asText()).isEqualTo("async");
            for (String lag : List.of("write_lag", "flush_lag", "replay_lag")) {
                assertThat(client.path(lag).isNull() || client.path(lag).isNumber()).as(lag).isTrue();
            }
        }
    }

    public static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** JSON of test bodies. */
    static final class Json {
        private static final com.fasterxml.jackson.databind.ObjectMapper MAPPER = new com.fasterxml.jackson.databind.ObjectMapper();

        static String write(Object value) {
            try {
                return MAPPER.writeValueAsString(value);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
