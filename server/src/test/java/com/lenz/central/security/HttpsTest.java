package com.lenz.central.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * HTTPS_PORT adds an HTTPS connector (a self-signed keystore made here with the JDK's keytool); the
 * federation client and the slave reporter refuse a master whose certificate the JVM does not trust,
 * and accept it once its certificate is in the JVM's trust store (javax.net.ssl.trustStore, here the
 * default SSLContext they are built with).
 */
@Tag("faults")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpsTest {

    private static final String STORE_PASSWORD = "keystore-pass-2024";
    private static final String API_KEY = "https-test-api-key";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private Path keystore;
    private SSLContext trusting;
    private TestServer master;
    private int httpsPort;

    @BeforeAll
    void start() throws Exception {
        dir = Files.createTempDirectory("lenz-tls-");
        keystore = dir.resolve("server.p12");
        Path cert = dir.resolve("server.crt");
        Path truststore = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "lenz", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        keytool("-exportcert", "-alias", "lenz", "-keystore", keystore.toString(), "-storepass", STORE_PASSWORD,
                "-rfc", "-file", cert.toString());
        // What an operator does for the JVM's javax.net.ssl.trustStore (see README, Security).
        keytool("-importcert", "-noprompt", "-alias", "lenz-master", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", truststore.toString(), "-storepass", "changeit");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(truststore)) {
            trust.load(in, "changeit".toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, tmf.getTrustManagers(), null);

        master = TestServer.builder()
                .set("https.port", "0").set("https.keyStorePath", keystore.toString())
                .set("https.keyStorePassword", STORE_PASSWORD)
                .set("ces.enabled", "true").set("ces.mode", "master").set("ces.masterApiKey", API_KEY)
                .start();
        httpsPort = httpsConnector(master).getLocalPort();
    }

    @AfterAll
    void stop() {
        if (master != null) {
            master.close();
        }
    }

    @Test
    void theApiAnswersOverHttpsToAClientTrustingTheCertificateAndHttpStaysOn() throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(trusting).build();
        HttpResponse<String> ping = client.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort
                + "/api/ces/ping")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ping.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(ping.body()).get("message").asText()).isEqualTo("pong");
        HttpResponse<String> token = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + httpsPort
                        + "/api/auth/token")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user_access\":\"admin\",\"password\":\""
                        + TestServer.ADMIN_PASSWORD + "\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(token.statusCode()).isEqualTo(200);
        assertThat(master.anonymous().get("/api/ces/ping").status()).as("plain HTTP still served").isEqualTo(200);

        HttpClient untrusting = HttpClient.newHttpClient();
        assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create("https://localhost:" + httpsPort
                + "/api/ces/ping")).build(), HttpResponse.BodyHandlers.ofString())).isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void withoutHttpsPortThereIsNoHttpsConnector() {
        try (TestServer plain = TestServer.start()) {
            assertThat(plain.jetty().getConnectors()).noneMatch(c -> c.getProtocols().contains("ssl"));
        }
    }

    @Test
    void httpsPortWithoutAKeystoreRefusesToStart() {
        assertThatThrownBy(() -> TestServer.builder().set("https.port", "0").start())
                .hasMessageContaining("HTTPS_KEYSTORE_PATH");
        assertThatThrownBy(() -> TestServer.builder().set("https.port", "not-a-port")
                .set("https.keyStorePath", keystore.toString()).start())
                .hasMessageContaining("HTTPS_PORT");
    }

    @Test
    void federationRefusesAnUntrustedCertificateAndAcceptsATrustedOne() throws Exception {
        String token = master.admin().request("/").build().headers().firstValue("Authorization").orElseThrow()
                .substring("Bearer ".length());
        String instances = "[{\"id\": \"tls\", \"url\": \"https://127.0.0.1:" + httpsPort + "\", \"token\": \"" + token + "\"}]";
        try (TestServer peer = TestServer.builder().federationInstances(instances).start()) {
            ApiClient.Response r = peer.admin().get("/api/ces/metrics?instance=tls");
            assertThat(r.status()).as(r.raw()).isEqualTo(502);
        }
        try (TestServer peer = withDefaultSslContext(trusting,
                () -> TestServer.builder().federationInstances(instances).start())) {
            ApiClient.Response r = peer.admin().get("/api/ces/metrics?instance=tls");
            assertThat(r.status()).as(r.raw()).isEqualTo(200);
        }
    }

    @Test
    void theSlaveReporterRefusesAnUntrustedMasterAndReportsToATrustedOne() throws Exception {
        try (TestServer slave = slave()) {
            String message = await("the reporter to fail", () -> {
                String m = reporterHealth(slave).path("message").asText();
                return m.contains("SSLHandshakeException") ? m : null;
            });
            assertThat(message).contains("unreachable");
            assertThat(reporterHealth(slave).path("healthy").asBoolean()).isFalse();
        }
        try (TestServer slave = withDefaultSslContext(trusting, this::slave)) {
            await("the master to accept a report", () -> reporterHealth(slave).path("healthy").asBoolean() ? true : null);
        }
    }

    private TestServer slave() {
        return TestServer.builder().set("ces.enabled", "true").set("ces.mode", "slave")
                .set("ces.masterUrl", "https://127.0.0.1:" + httpsPort).set("ces.masterApiKey", API_KEY)
                .set("ces.reportInterval", "1s").start();
    }

    private static JsonNode reporterHealth(TestServer server) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + server.adminPort() + "/healthcheck")).build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(r.body()).path("ces-reporter");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The JVM default SSLContext (what javax.net.ssl.trustStore configures) while {@code start} builds a server's clients. */
    private static TestServer withDefaultSslContext(SSLContext context, Supplier<TestServer> start) throws Exception {
        SSLContext previous = SSLContext.getDefault();
        SSLContext.setDefault(context);
        try {
            return start.get();
        } finally {
            SSLContext.setDefault(previous);
        }
    }

    private static <T> T await(String what, Supplier<T> probe) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static ServerConnector httpsConnector(TestServer server) {
        for (Connector connector : server.jetty().getConnectors()) {
            if (connector instanceof ServerConnector sc && sc.getProtocols().contains("ssl")) {
                return sc;
            }
        }
        throw new AssertionError("no HTTPS connector");
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }
}
