package com.lenz.central.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static com.lenz.central.workflow.WorkflowBodies.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.TestServer;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A CES slave with the root logger at TRACE (and org.apache.hc raised to TRACE through the admin task, as
 * the attack did) writing its log to a file as Dropwizard builds it: the Telegram, http_request (header
 * and basic credentials), webhook and replication paths run, then the log is searched for every secret
 * the server knew. Also: replication's optional {@code sslmode} reaches the subscription.
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LogRedactionTest {

    private static final String BOT_TOKEN = "987654321:AAH-redaction-bot-token-XyZ";
    private static final String HEADER_VALUE = "header-secret-value-5150";
    private static final String BASIC_USER = "svc-report";
    private static final String BASIC_PASSWORD = "basic-secret-pass-8080";
    private static final String WEBHOOK_TOKEN = "webhook-secret-token-31337";
    private static final String REPL_USER = "ces_repl";
    private static final String REPL_PASSWORD = "repl-pa'ss\\word-2718";
    private static final String API_KEY = "ces-api-key-secret-1618";
    private static final String DB_PASSWORD = "lenz-db-password-1414";

    private final ConcurrentLinkedQueue<String> telegramPaths = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<String> echoedAuth = new ConcurrentLinkedQueue<>();
    private HttpServer fake;
    private PgCluster masterDb;
    private PgCluster slaveDb;
    private TestServer master;
    private TestServer slave;
    private Path logFile;
    private String credentialsKey;

    @BeforeAll
    void start() throws Exception {
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            ex.getRequestBody().readAllBytes();
            String reply;
            if (path.startsWith("/bot")) {
                telegramPaths.add(path);
                reply = "{\"ok\":true,\"result\":{\"message_id\":7,\"chat\":{\"id\":-100}}}";
            } else {
                // Echoes the credential headers back: they land in the node's output, its database row and,
                // at TRACE, the JDBC driver's log of that row.
                String auth = String.valueOf(ex.getRequestHeaders().getFirst("Authorization"));
                String header = String.valueOf(ex.getRequestHeaders().getFirst("X-Service-Key"));
                echoedAuth.add(auth + " " + header);
                reply = "{\"authorization\":\"" + auth + "\",\"service_key\":\"" + header + "\"}";
            }
            byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        fake.start();

        masterDb = PgCluster.start(Map.of("wal_level", "logical", "max_replication_slots", "200",
                "max_wal_senders", "200"));
        slaveDb = PgCluster.start(Map.of("wal_retrieve_retry_interval", "200ms"));
        master = TestServer.builder()
                .databases(masterDb.createDatabase("lenz"), masterDb.createDatabase("fremis"))
                .set("ces.enabled", "true").set("ces.mode", "master").set("ces.masterApiKey", API_KEY)
                .start();
        ApiClient.Response setup = master.admin().post("/api/ces/replication/setup", Map.of());
        assertThat(setup.status()).as(setup.raw()).isEqualTo(200);
        masterDb.execute("postgres", "CREATE ROLE " + REPL_USER + " LOGIN REPLICATION PASSWORD '"
                + REPL_PASSWORD.replace("'", "''") + "'");
        masterDb.execute("lenz", "GRANT SELECT ON enrolled_face, face_image TO " + REPL_USER);
        masterDb.execute("fremis", "GRANT SELECT ON keyspaces, merged_vectors TO " + REPL_USER);
        masterDb.replaceHba("""
                local all all trust
                host all postgres 127.0.0.1/32 trust
                host all postgres ::1/128 trust
                host all all 127.0.0.1/32 scram-sha-256
                host all all ::1/128 scram-sha-256
                """);

        logFile = Files.createTempFile("lenz-redaction-", ".log");
        slave = TestServer.builder()
                .databases(slaveDb.createDatabase("lenz"), slaveDb.createDatabase("fremis"))
                // The cluster trusts local connections: the password is sent nowhere, but the server knows it.
                .set("database.password", DB_PASSWORD)
                .set("ces.enabled", "true").set("ces.mode", "slave")
                .set("ces.masterUrl", master.baseUrl()).set("ces.masterApiKey", API_KEY)
                .set("ces.reportInterval", "1s")
                .set("plugins.settings.telegram_api_url", "http://127.0.0.1:" + fake.getAddress().getPort())
                .set("httpRequestAllow", "127.0.0.1/32") // the echo server is local; loopback is refused by default
                .set("logging.level", "TRACE")
                .set("logging.appenders[0].type", "file")
                .set("logging.appenders[0].currentLogFilename", logFile.toString())
                .set("logging.appenders[0].archive", "false")
                .start();
        credentialsKey = Files.readString(Path.of(slave.setting("dataDir"), "secrets", "credentials-key")).strip();
    }

    @AfterAll
    void stopAll() {
        for (AutoCloseable c : new AutoCloseable[] {slave, master, slaveDb, masterDb}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
        if (fake != null) {
            fake.stop(0);
        }
    }

    @Test
    @Order(1)
    void telegramHttpWebhookAndReplicationRunWithTheRootLoggerAtTrace() throws Exception {
        // As in the report: org.apache.hc raised through the admin task (config.yml pins it at WARN).
        HttpResponse<String> level = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        "http://127.0.0.1:" + slave.adminPort() + "/tasks/log-level?logger=org.apache.hc&level=TRACE"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(level.statusCode()).isEqualTo(200);
        ApiClient admin = slave.admin();

        created(admin.post("/api/credentials", Map.of("id", "cred-tg", "name", "bot", "type", "telegram_bot",
                "data", Map.of("bot_token", BOT_TOKEN, "chat_id", "-100"))));
        created(admin.post("/api/credentials", Map.of("id", "cred-header", "name", "header", "type", "http_header",
                "data", Map.of("name", "X-Service-Key", "value", HEADER_VALUE))));
        created(admin.post("/api/credentials", Map.of("id", "cred-basic", "name", "basic", "type", "http_basic",
                "data", Map.of("username", BASIC_USER, "password", BASIC_PASSWORD))));
        String echo = "http://127.0.0.1:" + fake.getAddress().getPort() + "/echo";
        String manual = id(created(admin.post("/api/workflows", Map.of("name", "secrets at trace",
                "trigger_node", Map.of("type", "manual"),
                "nodes", List.of(
                        node("tg", "telegram_send_message", Map.of("credential_id", "cred-tg", "text", "hello")),
                        node("hdr", "http_request", Map.of("method", "GET", "url", echo, "credential_id", "cred-header")),
                        node("basic", "http_request", Map.of("method", "GET", "url", echo, "credential_id", "cred-basic")))))));
        ApiClient.Response run = admin.post("/api/workflows/" + manual + "/execute", null);
        assertThat(run.status()).as(run.raw()).isEqualTo(200);
        assertThat(run.json().at("/data/status").asText()).as(run.raw()).isEqualTo("success");
        assertThat(telegramPaths).as("the bot token travelled in the path").anyMatch(p -> p.contains(BOT_TOKEN));
        assertThat(echoedAuth).anyMatch(a -> a.contains(HEADER_VALUE)).anyMatch(a -> a.contains(basicPair()));

        String hook = id(created(admin.post("/api/workflows", Map.of("name", "hook", "is_active", true,
                "trigger_node", Map.of("type", "webhook", "config", Map.of("token", WEBHOOK_TOKEN)),
                "nodes", List.of(node("n", "set", Map.of("values", Map.of("x", "{{trigger.body.x}}"))))))));
        ApiClient.Response called = slave.anonymous().send(slave.anonymous().request("/api/hooks/" + hook)
                .header("Content-Type", "application/json").header("X-Webhook-Token", WEBHOOK_TOKEN)
                .POST(HttpRequest.BodyPublishers.ofString("{\"x\":1}")));
        assertThat(called.status()).as(called.raw()).isEqualTo(202);

        ApiClient.Response subscribed = admin.post("/api/ces/replication/setup", slaveBody("disable"));
        assertThat(subscribed.status()).as(subscribed.raw()).isEqualTo(200);
    }

    @Test
    @Order(2)
    void theSubscriptionsConnectionStringCarriesTheSslmode() throws Exception {
        try (Connection c = slaveDb.connect("lenz"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT subname, subconninfo FROM pg_subscription ORDER BY subname")) {
            int rows = 0;
            while (rs.next()) {
                rows++;
                assertThat(rs.getString("subconninfo")).as(rs.getString("subname")).contains("sslmode='disable'");
            }
            assertThat(rows).isEqualTo(2);
        }
    }

    @Test
    @Order(3)
    void anUnknownSslmodeIs400NamingTheField() {
        Map<String, Object> body = slaveBody("disable");
        Map<String, Object> fremis = new LinkedHashMap<>(connection("fremis", "disable"));
        fremis.put("sslmode", "trust-me");
        body.put("fremis_master", fremis);
        ApiClient.Response r = slave.admin().post("/api/ces/replication/setup", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.text("error")).contains("fremis_master.sslmode").contains("verify-full");
        assertThat(slave.admin().post("/api/ces/replication/setup", Map.of("lenz_master", Map.of("host", "x", "port", 5432,
                "dbname", "lenz", "user", "u", "password", "p", "sslmode", 5))).text("error")).contains("lenz_master.sslmode");
    }

    @Test
    @Order(4)
    void theTraceLogHoldsNoSecret() throws Exception {
        String adminHash;
        try (Connection c = slaveDb.connect("lenz"); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT password_hash FROM users WHERE username = 'admin'")) {
            assertThat(rs.next()).isTrue();
            adminHash = rs.getString(1);
        }
        slave.stop(); // flushes and closes the file appender
        String log = Files.readString(logFile);
        // The log is the TRACE log we meant: the JDBC driver's statements and HttpClient's wire lines are in it.
        assertThat(log).contains("FE=>").contains("org.apache.hc").contains("sendMessage").contains("CREATE SUBSCRIPTION");
        String inConninfo = REPL_PASSWORD.replace("\\", "\\\\").replace("'", "\\'");
        Map<String, String> secrets = new LinkedHashMap<>();
        secrets.put("bot token", BOT_TOKEN);
        secrets.put("http_header value", HEADER_VALUE);
        secrets.put("http_basic password", BASIC_PASSWORD);
        secrets.put("http_basic user:pass in base64", basicPair());
        secrets.put("webhook token", WEBHOOK_TOKEN);
        secrets.put("replication password", REPL_PASSWORD);
        secrets.put("replication password in the conninfo", inConninfo);
        secrets.put("replication password in the SQL literal", inConninfo.replace("\\", "\\\\").replace("'", "''"));
        secrets.put("CES API key", API_KEY);
        secrets.put("database password", DB_PASSWORD);
        secrets.put("JWT secret", slave.setting("auth.jwtSecret"));
        secrets.put("credentials key", credentialsKey);
        secrets.put("admin's bcrypt hash", adminHash);
        Map<String, Integer> leaks = new LinkedHashMap<>();
        secrets.forEach((what, secret) -> {
            if (count(log, secret) > 0) {
                leaks.put(what, count(log, secret));
            }
        });
        assertThat(leaks).as("secrets in the log (how often)").isEmpty();
        assertThat(log).contains(LogRedactor.MASK);
    }

    private static int count(String text, String secret) {
        int hits = 0;
        for (int i = text.indexOf(secret); i >= 0; i = text.indexOf(secret, i + 1)) {
            hits++;
        }
        return hits;
    }

    private static String basicPair() {
        return Base64.getEncoder().encodeToString((BASIC_USER + ":" + BASIC_PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    private Map<String, Object> slaveBody(String sslmode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("lenz_master", connection("lenz", sslmode));
        body.put("fremis_master", connection("fremis", sslmode));
        return body;
    }

    private Map<String, Object> connection(String dbname, String sslmode) {
        return Map.of("host", "127.0.0.1", "port", masterDb.port(), "dbname", dbname, "user", REPL_USER,
                "password", REPL_PASSWORD, "sslmode", sslmode);
    }

    private static ApiClient.Response created(ApiClient.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r;
    }

    private static String id(ApiClient.Response r) {
        JsonNode data = r.json().get("data");
        return data.get("id").asText();
    }
}
