package com.lenz.central.workflow.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.LogCapture;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The http_request node in real workflows: refused destinations fail the node with the reason, and no
 * form of a credential's secret reaches the execution log or a redirect's other origin. The fake
 * services live on 127.0.0.1, allowed here by HTTP_REQUEST_ALLOW; nothing else is contacted.
 */
@Tag("faults")
class HttpRequestSecurityTest {

    private static final String USER = "bob";
    private static final String PASSWORD = "Pa$$w0rd/s3cret+é";
    private static final String API_KEY = "key-7f3a9c1e5b";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final BlockingQueue<Map<String, List<String>>> AT_OTHER_ORIGIN = new LinkedBlockingQueue<>();
    private static HttpServer echo;
    private static HttpServer other;
    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(b -> b.set("httpRequestAllow", "127.0.0.1/32"));
    private static ApiClient viewer;

    @BeforeAll
    static void start() throws IOException {
        other = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        other.createContext("/", ex -> {
            AT_OTHER_ORIGIN.add(Map.copyOf(ex.getRequestHeaders()));
            answer(ex, 200, "{\"seen\": true}");
        });
        other.start();
        echo = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        // Like httpbin's /anything: the request's headers and query come back in the body.
        echo.createContext("/anything", ex -> answer(ex, 200, JSON.writeValueAsString(Map.of(
                "headers", flat(ex), "query", String.valueOf(ex.getRequestURI().getRawQuery())))));
        echo.createContext("/unauthorized", ex -> answer(ex, 401, JSON.writeValueAsString(Map.of(
                "error", "bad credentials", "you_sent", flat(ex)))));
        echo.createContext("/elsewhere", ex -> {
            ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + other.getAddress().getPort() + "/landing");
            ex.sendResponseHeaders(302, -1);
            ex.close();
        });
        echo.start();
        SERVER.admin().post("/api/users", Map.of("username", "http-viewer", "password", "viewer-password", "name", "Viewer",
                "role", "viewer"));
        viewer = SERVER.server().login("http-viewer", "viewer-password");
        assertThat(SERVER.admin().post("/api/credentials", Map.of("id", "cred-basic", "name", "Basic", "type", "http_basic",
                "data", Map.of("username", USER, "password", PASSWORD))).status()).isEqualTo(201);
        assertThat(SERVER.admin().post("/api/credentials", Map.of("id", "cred-key", "name", "Key", "type", "http_header",
                "data", Map.of("name", "X-API-Key", "value", API_KEY))).status()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        echo.stop(0);
        other.stop(0);
    }

    private static Map<String, String> flat(HttpExchange ex) {
        Map<String, String> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, String.join(",", v)));
        return headers;
    }

    private static void answer(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    /** Runs a one-node workflow and answers its node result as a viewer reads it from the execution log. */
    private static JsonNode run(Map<String, Object> config) {
        ApiClient.Response created = SERVER.admin().post("/api/workflows", Map.of("name", "http " + System.nanoTime(),
                "trigger_node", Map.of("type", "manual"),
                "nodes", List.of(Map.of("id", "call", "type", "http_request", "name", "call", "config", config))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = created.json().get("data").get("id").asText();
        ApiClient.Response executed = SERVER.admin().post("/api/workflows/" + id + "/execute", null);
        String execution = executed.json().get("data").get("id").asText();
        ApiClient.Response log = viewer.get("/api/workflows/" + id + "/logs/" + execution);
        assertThat(log.status()).isEqualTo(200);
        assertNoFormOfTheSecrets(log.raw());
        assertNoFormOfTheSecrets(executed.raw());
        return log.json().get("data").get("node_results").get(0);
    }

    private static void assertNoFormOfTheSecrets(String text) {
        byte[] pair = (USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8);
        for (String form : List.of(PASSWORD, URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8),
                Base64.getEncoder().encodeToString(pair), Base64.getEncoder().withoutPadding().encodeToString(pair),
                API_KEY, Base64.getEncoder().encodeToString(API_KEY.getBytes(StandardCharsets.UTF_8)))) {
            assertThat(text).as("holds %s", form).doesNotContain(form);
        }
    }

    private static String echoUrl(String path) {
        return "http://127.0.0.1:" + echo.getAddress().getPort() + path;
    }

    @Test
    void anEchoedBasicAuthorizationIsMaskedInTheOutput() {
        JsonNode result = run(Map.of("url", echoUrl("/anything?p=" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)),
                "credential_id", "cred-basic"));
        assertThat(result.get("status").asText()).isEqualTo("success");
        assertThat(result.get("output").get("body").get("headers").get("Authorization").asText()).isEqualTo("Basic ***");
        assertThat(result.get("output").get("body").get("query").asText()).isEqualTo("p=***");
    }

    @Test
    void anEchoedCredentialInAnErrorIsMaskedAndStaysOutOfTheServerLog() {
        try (LogCapture log = LogCapture.capture()) {
            JsonNode result = run(Map.of("url", echoUrl("/unauthorized"), "credential_id", "cred-key"));
            assertThat(result.get("status").asText()).isEqualTo("failed");
            assertThat(result.get("error").asText()).startsWith("HTTP 401 from 127.0.0.1").contains("***");
            assertThat(log.text()).doesNotContain(API_KEY);
        }
    }

    @Test
    void aRedirectToAnotherOriginCarriesNoCredentialHeader() throws Exception {
        JsonNode result = run(Map.of("url", echoUrl("/elsewhere"), "credential_id", "cred-basic",
                "headers", Map.of("X-Trace", "t-1")));
        assertThat(result.get("status").asText()).isEqualTo("success");
        Map<String, List<String>> headers = AT_OTHER_ORIGIN.poll(10, TimeUnit.SECONDS);
        assertThat(headers).isNotNull().doesNotContainKey("Authorization").containsKey("X-trace");

        run(Map.of("url", echoUrl("/elsewhere"), "credential_id", "cred-key"));
        assertThat(AT_OTHER_ORIGIN.poll(10, TimeUnit.SECONDS)).isNotNull().doesNotContainKey("X-api-key");
    }

    @Test
    void refusedDestinationsFailTheNodeNamingTheAddressAndWhy() {
        JsonNode api = run(Map.of("url", "http://127.0.0.1:" + SERVER.server().port() + "/api/ping"));
        assertThat(api.get("status").asText()).isEqualTo("failed");
        assertThat(api.get("error").asText()).isEqualTo("refused to connect to 127.0.0.1:" + SERVER.server().port()
                + ": 127.0.0.1 port " + SERVER.server().port() + " is this server's own port");
        assertThat(api.get("attempts").asInt()).isEqualTo(1);

        JsonNode adminPort = run(Map.of("method", "POST", "url", "http://localhost:" + SERVER.server().adminPort() + "/tasks/gc"));
        assertThat(adminPort.get("error").asText()).contains("port " + SERVER.server().adminPort() + " is this server's own port");

        JsonNode ipv6 = run(Map.of("url", "http://[::1]:" + echo.getAddress().getPort() + "/anything"));
        assertThat(ipv6.get("error").asText()).isEqualTo("refused to connect to [::1]:" + echo.getAddress().getPort()
                + ": 0:0:0:0:0:0:0:1 is a loopback address; HTTP_REQUEST_ALLOW can allow it");

        // (Link-local and metadata addresses are refused the same way: DestinationPolicyTest, which connects nowhere.)
        JsonNode unspecified = run(Map.of("url", "http://0.0.0.0:" + echo.getAddress().getPort() + "/anything"));
        assertThat(unspecified.get("error").asText()).isEqualTo("refused to connect to 0.0.0.0:" + echo.getAddress().getPort()
                + ": 0.0.0.0 is an unspecified address (it reaches this host); HTTP_REQUEST_ALLOW can allow it");
    }

    @Test
    void aBadBlockInTheConfigStopsTheStartNamingTheVariable() {
        assertThatThrownBy(() -> TestServer.builder().set("httpRequestDeny", "10.0.0.0/8, 10.0.0/8").start())
                .hasMessageContaining("HTTP_REQUEST_DENY: '10.0.0/8' is not an IP address or CIDR block");
    }
}
