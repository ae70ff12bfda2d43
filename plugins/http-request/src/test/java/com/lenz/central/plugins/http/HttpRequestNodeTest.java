package com.lenz.central.plugins.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.plugin.api.Credential;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.RetryableNodeException;
import com.lenz.central.plugin.testkit.TestNodeContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real HTTP server on localhost. */
class HttpRequestNodeTest {

    record Seen(String method, String path, Map<String, List<String>> headers, String body) {
    }

    private HttpServer server;
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final HttpRequestNode node = new HttpRequestNode();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", ex -> {
            record(ex);
            respond(ex, 201, "application/json", "{\"received\": true, \"items\": [1, 2]}");
        });
        server.createContext("/missing", ex -> {
            record(ex);
            respond(ex, 404, "text/plain", "no such thing");
        });
        server.createContext("/broken", ex -> {
            record(ex);
            respond(ex, 503, "text/plain", "down for maintenance");
        });
        server.createContext("/slow", ex -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            respond(ex, 200, "text/plain", "late");
        });
        server.createContext("/huge", ex -> respond(ex, 200, "text/plain", "x".repeat(20_000)));
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    /** The fake server lives on loopback, which the default policy refuses: these tests allow it. */
    static TestNodeContext local(Map<String, Object> config) {
        return TestNodeContext.withConfig(config).withSetting("http_request_allow", "127.0.0.1/32");
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void record(HttpExchange ex) throws IOException {
        seen.add(new Seen(ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()),
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    private static void respond(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", type);
        ex.getResponseHeaders().add("X-Trace", "abc");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void sendsMethodHeadersAndJsonBodyAndParsesTheJsonAnswer() throws Exception {
        Map<String, Object> output = node.execute(local(Map.of("method", "POST",
                "url", url("/echo?x=1"), "headers", Map.of("X-Source", "lenz"),
                "body", Map.of("text", "Alert: Budi", "score", 0.93)))).output();

        Seen request = seen.take();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/echo?x=1");
        assertThat(request.headers().get("X-source")).containsExactly("lenz");
        assertThat(request.headers().get("Content-type")).containsExactly("application/json");
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(request.body()))
                .isEqualTo(new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"text\":\"Alert: Budi\",\"score\":0.93}"));
        assertThat(output.get("status")).isEqualTo(201);
        assertThat((Map<Object, Object>) output.get("body")).containsEntry("received", true).containsEntry("items", List.of(1, 2));
        assertThat((Map<Object, Object>) output.get("headers")).containsEntry("x-trace", "abc");
    }

    @Test
    void credentialsBecomeHeaders() throws Exception {
        node.execute(local(Map.of("url", url("/echo"), "credential_id", "cred-key"))
                .credential(new Credential("cred-key", "http_header", Map.of("name", "X-API-Key", "value", "k-123"))));
        node.execute(local(Map.of("url", url("/echo"), "credential_id", "cred-basic"))
                .credential(new Credential("cred-basic", "http_basic", Map.of("username", "u", "password", "p"))));

        assertThat(seen.take().headers().get("X-api-key")).containsExactly("k-123");
        assertThat(seen.take().headers().get("Authorization")).containsExactly("Basic dTpw");
        assertThatThrownBy(() -> node.execute(local(Map.of("url", url("/echo"), "credential_id", "nope"))))
                .isInstanceOf(NodeConfigException.class).hasMessageContaining("nope");
    }

    @Test
    void non2xxFailsUnlessToldNotTo() throws Exception {
        assertThatThrownBy(() -> node.execute(local(Map.of("url", url("/missing")))))
                .isNotInstanceOf(RetryableNodeException.class).hasMessageContaining("HTTP 404").hasMessageContaining("no such thing");
        assertThatThrownBy(() -> node.execute(local(Map.of("url", url("/broken")))))
                .isInstanceOf(RetryableNodeException.class).hasMessageContaining("HTTP 503");

        Map<String, Object> output = node.execute(local(Map.of("url", url("/missing"),
                "fail_on_status", false))).output();
        assertThat(output).containsEntry("status", 404).containsEntry("body", "no such thing");
    }

    @Test
    void timeoutsAndOversizedBodiesFail() throws Exception {
        node.execute(local(Map.of("url", url("/echo")))); // the client's first use (TLS setup) is not what is timed
        long start = System.nanoTime();
        assertThatThrownBy(() -> node.execute(local(Map.of("url", url("/slow"), "timeout_ms", 300))))
                .isInstanceOf(RetryableNodeException.class).hasMessageContaining("300 ms");
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2500);

        assertThatThrownBy(() -> node.execute(local(Map.of("url", url("/huge"), "max_response_bytes", 10_000))))
                .hasMessageContaining("exceeds 10000 bytes");
    }

    @Test
    void aRefusedConnectionIsRetryableAndSaysSo() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThatThrownBy(() -> node.execute(local(Map.of("url", "http://127.0.0.1:" + closedPort + "/x"))))
                .isInstanceOf(RetryableNodeException.class)
                .hasMessage("cannot connect to 127.0.0.1:" + closedPort + ": connection refused");
    }

    @Test
    void badConfigsNameTheField() {
        assertThatThrownBy(() -> node.validate(Map.of())).extracting("field").isEqualTo("url");
        assertThatThrownBy(() -> node.validate(Map.of("url", "ftp://x"))).extracting("field").isEqualTo("url");
        assertThatThrownBy(() -> node.validate(Map.of("url", "http://x", "method", "BREW"))).extracting("field").isEqualTo("method");
        assertThatThrownBy(() -> node.validate(Map.of("url", "http://x", "headers", "X: y"))).extracting("field").isEqualTo("headers");
        assertThatThrownBy(() -> node.execute(local(Map.of("url", url("/echo"), "headers", Map.of("Host", "elsewhere")))))
                .extracting("field").isEqualTo("headers");
        assertThatThrownBy(() -> node.execute(local(Map.of("url", "http://bob:pw@127.0.0.1:1/x"))))
                .extracting("field").isEqualTo("url");
    }

    @Test
    void theSchemaStatesTheLimitsTheNodeEnforces() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(node.descriptor().configSchema()).get("properties");
        assertThat(schema.get("method").get("enum")).extracting(JsonNode::asText)
                .containsExactly("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
        assertThat(schema.get("timeout_ms").get("maximum").asInt()).isEqualTo(600_000);
        assertThat(schema.get("timeout_ms").get("default").asInt()).isEqualTo(HttpRequestNode.DEFAULT_TIMEOUT_MS);
        assertThat(schema.get("max_response_bytes").get("maximum").asInt()).isEqualTo(100 * 1024 * 1024);
        assertThat(schema.get("max_response_bytes").get("default").asInt()).isEqualTo(HttpRequestNode.DEFAULT_MAX_RESPONSE);
        assertThatThrownBy(() -> node.validate(Map.of("url", "http://x", "method", "BREW")))
                .hasMessage("must be one of GET, POST, PUT, PATCH, DELETE, HEAD");
    }
}
