package com.lenz.central.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lenz.central.testing.TestServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The admin port (threads, pprof, tasks) is loopback-only by default, and behind basic auth when exposed. */
@Tag("faults")
class AdminPortTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final String USER = "ops";
    private static final String PASSWORD = "admin-port-secret-42";

    @Test
    void byDefaultTheAdminPortListensOnLoopbackOnly() {
        try (TestServer server = TestServer.start()) {
            ServerConnector admin = connectorOnPort(server, server.adminPort());
            assertThat(admin.getHost()).isEqualTo("127.0.0.1");
            // Without credentials on loopback nothing is in the way (the tests and benches use it so).
            assertThat(send(server, "GET", "/threads", null).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void exposedAdminPortNeedsBasicAuthButHealthcheckStaysOpen() {
        try (TestServer server = TestServer.builder()
                .set("server.adminConnectors[0].bindHost", "0.0.0.0")
                .set("adminPort.user", USER).set("adminPort.password", PASSWORD)
                .start()) {
            assertThat(connectorOnPort(server, server.adminPort()).getHost()).isEqualTo("0.0.0.0");
            String good = basic(USER, PASSWORD);
            for (String[] call : new String[][] {{"GET", "/threads"}, {"POST", "/tasks/gc"}, {"GET", "/pprof"}}) {
                HttpResponse<String> none = send(server, call[0], call[1], null);
                assertThat(none.statusCode()).as(call[1] + " without credentials").isEqualTo(401);
                assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
                assertThat(none.body()).contains("\"ok\":false");
                assertThat(send(server, call[0], call[1], basic(USER, "wrong-password")).statusCode())
                        .as(call[1] + " with a wrong password").isEqualTo(401);
                assertThat(send(server, call[0], call[1], basic("someone", PASSWORD)).statusCode())
                        .as(call[1] + " with a wrong user").isEqualTo(401);
                assertThat(send(server, call[0], call[1], "Basic !!!not-base64").statusCode()).isEqualTo(401);
            }
            assertThat(send(server, "GET", "/threads", good).statusCode()).isEqualTo(200);
            assertThat(send(server, "POST", "/tasks/gc", good).statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/metrics", good).statusCode()).isEqualTo(200);
            assertThat(send(server, "GET", "/healthcheck", null).statusCode()).as("open for load balancers").isEqualTo(200);
            assertThat(send(server, "GET", "/healthcheck?pretty=true", null).statusCode()).isEqualTo(200);
            for (String sneaky : new String[] {"/healthcheck/../threads", "/healthcheck;x/../threads", "//threads",
                    "/healthcheck/%2e%2e/threads", "/Threads"}) {
                assertThat(send(server, "GET", sneaky, null).statusCode()).as(sneaky).isNotEqualTo(200);
            }
        }
    }

    @Test
    void exposedAdminPortWithoutCredentialsRefusesToStart() {
        assertThatThrownBy(() -> TestServer.builder().set("server.adminConnectors[0].bindHost", "0.0.0.0").start())
                .hasMessageContaining("ADMIN_PORT_USER").hasMessageContaining("ADMIN_PORT_PASSWORD");
        // A password without a user is no credential either.
        assertThatThrownBy(() -> TestServer.builder().set("server.adminConnectors[0].bindHost", "0.0.0.0")
                .set("adminPort.password", PASSWORD).start())
                .hasMessageContaining("ADMIN_PORT_USER");
    }

    /** As an operator sees it: the real command with ADMIN_BIND_HOST=0.0.0.0 exits non-zero with one clear line. */
    @Test
    void theServerCommandExitsWithOneLineNamingTheVariables() throws Exception {
        Path data = Files.createTempDirectory("lenz-admin-refused-");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "com.lenz.central.CentralApplication", "server",
                Path.of(System.getProperty("lenz.test.configFile", "../config.yml")).toAbsolutePath().toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("ADMIN_BIND_HOST", "0.0.0.0");
        builder.environment().put("HTTP_PORT", "0");
        builder.environment().put("ADMIN_PORT", "0");
        builder.environment().put("DATA_DIR", data.toString());
        // Never reached: the refusal comes before any database is touched.
        builder.environment().put("DATABASE_URL", "jdbc:postgresql://127.0.0.1:1/none");
        builder.environment().remove("ADMIN_PORT_USER");
        builder.environment().remove("ADMIN_PORT_PASSWORD");
        Process process = builder.start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("the server exits").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(output).isNotZero();
        List<String> lines = output.lines().filter(l -> l.contains("ADMIN_PORT_USER")).toList();
        assertThat(lines).as(output).hasSize(1);
        assertThat(lines.get(0)).contains("ADMIN_PORT_PASSWORD").contains("0.0.0.0");
        assertThat(output).as("no stack trace").doesNotContain("\tat ");
    }

    @Test
    void theRefusalPrintsOneLine() {
        StringWriter out = new StringWriter();
        new StartupRefusedException("set X").printStackTrace(new PrintWriter(out, true));
        assertThat(out.toString().strip()).isEqualTo("set X");
    }

    private static ServerConnector connectorOnPort(TestServer server, int port) {
        for (Connector connector : server.jetty().getConnectors()) {
            if (connector instanceof ServerConnector sc && sc.getLocalPort() == port) {
                return sc;
            }
        }
        throw new AssertionError("no connector on port " + port);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> send(TestServer server, String method, String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.adminPort() + path))
                .timeout(Duration.ofSeconds(60))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
