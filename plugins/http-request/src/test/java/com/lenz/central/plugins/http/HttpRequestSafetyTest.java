package com.lenz.central.plugins.http;

import static com.lenz.central.plugins.http.HttpRequestNodeTest.local;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lenz.central.plugin.api.Credential;
import com.lenz.central.plugin.testkit.TestNodeContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import com.lenz.central.plugin.api.net.DestinationPolicy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * SSRF and credential leaks, against two fake servers on 127.0.0.1 (two ports: two origins). Nothing
 * here connects to any address but 127.0.0.1 and ::1.
 */
@Tag("faults")
class HttpRequestSafetyTest {

    record Seen(String server, String method, String path, Map<String, List<String>> headers, String body) {
    }

    private final HttpRequestNode node = new HttpRequestNode();
    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();
    private final AtomicInteger hits = new AtomicInteger();
    private HttpServer first;
    private HttpServer second;

    @BeforeEach
    void start() throws IOException {
        first = server("first");
        second = server("second");
        first.createContext("/to-second", ex -> redirect(ex, 302, "http://127.0.0.1:" + port(second) + "/echo"));
        first.createContext("/to-first", ex -> redirect(ex, 302, "/echo"));
        first.createContext("/see-other", ex -> redirect(ex, 303, "/echo"));
        first.createContext("/keep", ex -> redirect(ex, 307, "/echo"));
        first.createContext("/to-ipv6-loopback", ex -> redirect(ex, 302, "http://[::1]:" + port(second) + "/echo"));
        first.createContext("/to-unspecified", ex -> redirect(ex, 301, "http://0.0.0.0:" + port(second) + "/echo"));
        first.createContext("/loop", ex -> redirect(ex, 302, "/loop"));
        first.createContext("/hang", ex -> {
            record("first", ex);
            try {
                Thread.sleep(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.close();
        });
    }

    @AfterEach
    void stop() {
        first.stop(0);
        second.stop(0);
    }

    private HttpServer server(String name) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/echo", ex -> {
            record(name, ex);
            byte[] bytes = "{\"ok\": true}".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        });
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
        return server;
    }

    private void redirect(HttpExchange ex, int status, String location) throws IOException {
        record("first", ex);
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    private void record(String server, HttpExchange ex) throws IOException {
        hits.incrementAndGet();
        seen.add(new Seen(server, ex.getRequestMethod(), ex.getRequestURI().toString(), Map.copyOf(ex.getRequestHeaders()),
                new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
    }

    private static int port(HttpServer server) {
        return server.getAddress().getPort();
    }

    private String firstUrl(String path) {
        return "http://127.0.0.1:" + port(first) + path;
    }

    @Test
    void theDefaultPolicyRefusesLoopbackInEverySpellingWithoutConnecting() {
        int port = port(first);
        String[] spellings = {"127.0.0.1", "localhost", "[::1]", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0.0.0.0", "0",
                "2130706433", "127.000.000.001", "[0:0:0:0:0:0:0:1]"};
        for (String host : spellings) {
            assertThatThrownBy(() -> node.execute(TestNodeContext.withConfig(Map.of("url", "http://" + host + ":" + port + "/echo"))))
                    .as(host).isInstanceOf(RefusedCallException.class)
                    .hasMessageStartingWith("refused to connect to " + host + ":" + port + ": ")
                    .hasMessageMatching(".*(loopback|unspecified).*");
        }
        // Not a host java.net.URI accepts, so no address at all
        assertThatThrownBy(() -> node.execute(TestNodeContext.withConfig(Map.of("url", "http://127.1:" + port + "/echo"))))
                .hasMessage("has no host");
        assertThat(hits.get()).as("requests that reached the server").isZero();
    }

    @Test
    void theServersOwnPortsAreRefusedEvenWhenLoopbackIsAllowed() {
        assertThatThrownBy(() -> node.execute(local(Map.of("url", firstUrl("/echo")))
                .withSetting("server_ports", "1," + port(first))))
                .hasMessage("refused to connect to 127.0.0.1:" + port(first) + ": 127.0.0.1 port " + port(first)
                        + " is this server's own port");
        assertThat(hits.get()).isZero();
    }

    @Test
    void everyRedirectHopIsVettedAgain() {
        assertThatThrownBy(() -> node.execute(local(Map.of("url", firstUrl("/to-ipv6-loopback")))))
                .isInstanceOf(RefusedCallException.class)
                .hasMessage("refused to connect to [::1]:" + port(second) + ": 0:0:0:0:0:0:0:1 is a loopback address; "
                        + "HTTP_REQUEST_ALLOW can allow it");
        assertThatThrownBy(() -> node.execute(local(Map.of("url", firstUrl("/to-unspecified")))))
                .hasMessageContaining("0.0.0.0 is an unspecified address");
        assertThat(seen.stream().filter(s -> s.server().equals("second"))).as("the second server was never reached").isEmpty();
    }

    @Test
    void theClientConnectsToTheAddressItVettedAndKeepsTheNameInTheHostHeader() throws Exception {
        // A rebinding name: 127.0.0.1 (allowed) on the first lookup, ::1 (refused, and nothing listens there)
        // on any later one. The call must look up once and connect to what it vetted.
        AtomicInteger lookups = new AtomicInteger();
        Destination.Resolver rebinding = host -> {
            assertThat(host).isEqualTo("rebind.test");
            return new InetAddress[] {InetAddress.getByName(lookups.getAndIncrement() == 0 ? "127.0.0.1" : "::1")};
        };
        int port = port(first);
        OutboundCall.Answer answer = new OutboundCall("GET", URI.create("http://rebind.test:" + port + "/echo"), List.of(),
                null, 5_000, 1_000, DestinationPolicy.of(null, "127.0.0.1/32", null), rebinding).run();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(lookups.get()).isEqualTo(1);
        Seen request = seen.take();
        assertThat(request.server()).isEqualTo("first");
        assertThat(request.headers().get("Host")).containsExactly("rebind.test:" + port);
    }

    @Test
    void redirectsAreBounded() {
        assertThatThrownBy(() -> node.execute(local(Map.of("url", firstUrl("/loop")))))
                .isInstanceOf(RefusedCallException.class).hasMessageStartingWith("stopped after 10 redirects");
        assertThat(hits.get()).isEqualTo(11);
    }

    @Test
    void credentialHeadersDoNotFollowARedirectToAnotherOrigin() throws Exception {
        TestNodeContext basic = local(Map.of("url", firstUrl("/to-second"), "credential_id", "cred-basic",
                "headers", Map.of("X-Source", "lenz", "Cookie", "session=abc")))
                .credential(new Credential("cred-basic", "http_basic", Map.of("username", "bob", "password", "s3cret-pass")));
        Map<String, Object> output = node.execute(basic).output();
        assertThat(output.get("status")).isEqualTo(200);
        Seen atFirst = seen.take();
        Seen atSecond = seen.take();
        assertThat(atFirst.server()).isEqualTo("first");
        assertThat(atFirst.headers()).containsKey("Authorization").containsKey("Cookie");
        assertThat(atSecond.server()).isEqualTo("second");
        assertThat(atSecond.headers()).doesNotContainKeys("Authorization", "Cookie");
        assertThat(atSecond.headers().get("X-source")).containsExactly("lenz");

        TestNodeContext header = local(Map.of("url", firstUrl("/to-second"), "credential_id", "cred-key"))
                .credential(new Credential("cred-key", "http_header", Map.of("name", "X-API-Key", "value", "k-123456")));
        node.execute(header);
        assertThat(seen.take().headers()).containsKey("X-api-key");
        assertThat(seen.take().headers()).doesNotContainKey("X-api-key");
    }

    @Test
    void credentialHeadersStayWithinTheOriginAndMethodsFollowTheRedirectRules() throws Exception {
        TestNodeContext context = local(Map.of("method", "POST", "url", firstUrl("/to-first"), "body", Map.of("a", 1),
                "credential_id", "cred-key"))
                .credential(new Credential("cred-key", "http_header", Map.of("name", "X-API-Key", "value", "k-123456")));
        node.execute(context);
        seen.take();
        Seen followed = seen.take();
        assertThat(followed.path()).isEqualTo("/echo");
        assertThat(followed.headers().get("X-api-key")).containsExactly("k-123456");
        assertThat(followed.method()).as("302 after a POST").isEqualTo("GET");
        assertThat(followed.body()).isEmpty();
        assertThat(followed.headers()).doesNotContainKey("Content-type");

        node.execute(local(Map.of("method", "PUT", "url", firstUrl("/keep"), "body", "text")));
        seen.take();
        Seen kept = seen.take();
        assertThat(kept.method()).isEqualTo("PUT");
        assertThat(kept.body()).isEqualTo("text");

        node.execute(local(Map.of("method", "DELETE", "url", firstUrl("/see-other"))));
        seen.take();
        assertThat(seen.take().method()).isEqualTo("GET");
    }

    @Test
    void anInterruptAbortsTheCallAtOnce() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                node.execute(local(Map.of("url", firstUrl("/hang"))));
            } catch (Throwable t) {
                thrown.set(t);
            }
        });
        caller.start();
        assertThat(seen.poll(10, TimeUnit.SECONDS)).as("the request arrived").isNotNull();
        long start = System.nanoTime();
        caller.interrupt();
        caller.join(5_000);
        assertThat(caller.isAlive()).isFalse();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(5_000);
        assertThat(thrown.get()).isInstanceOf(InterruptedException.class);
    }
}
