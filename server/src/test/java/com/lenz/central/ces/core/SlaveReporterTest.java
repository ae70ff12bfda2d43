package com.lenz.central.ces.core;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.ces.CesConfig;
import com.lenz.central.testing.TestServer;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The slave's reporter against a fake master: retries while it is down, logs once per outage. */
class SlaveReporterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    record Received(String apiKey, JsonNode body) {
    }

    @Test
    void reportsRetryWhileTheMasterIsDownAndLogOncePerOutage() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (TestServer slave = TestServer.builder().set("ces.enabled", "true").set("ces.mode", "slave")
                .set("ces.masterUrl", "http://localhost:" + port).set("ces.masterApiKey", "the-key")
                .set("ces.reportInterval", "300ms").set("ces.offlineAfter", "30s")
                .set("ces.nodeId", "c0ffee01").set("ces.nodeName", "Slave Bandung").set("ces.nodeIp", "10.9.0.1").start()) {
            // Nothing listens yet: the health check says so.
            await(() -> reporterHealth(slave).path("message").asText().contains("is unreachable"));
            assertThat(reporterHealth(slave).path("healthy").asBoolean()).isFalse();

            ListAppender<ILoggingEvent> log = new ListAppender<>();
            log.start();
            Logger logger = (Logger) LoggerFactory.getLogger(SlaveReporter.class);
            logger.addAppender(log);
            AtomicInteger status = new AtomicInteger(503);
            List<Received> received = new CopyOnWriteArrayList<>();
            HttpServer master = HttpServer.create(new InetSocketAddress("localhost", port), 0);
            master.createContext("/api/ces/metrics", exchange -> {
                received.add(new Received(exchange.getRequestHeaders().getFirst("X-API-Key"),
                        JSON.readTree(exchange.getRequestBody().readAllBytes())));
                byte[] answer = (status.get() == 200 ? "{\"ok\":true,\"message\":\"metric received successfully\"}"
                        : "{\"ok\":false,\"message\":\"service unavailable\",\"error\":\"the database is unavailable\"}")
                        .getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status.get(), answer.length);
                exchange.getResponseBody().write(answer);
                exchange.close();
            });
            master.start();
            try {
                // Up but failing: retried again and again, logged once (the reason changed from unreachable).
                await(() -> received.size() >= 4);
                assertThat(warnings(log)).hasSize(1);
                assertThat(warnings(log).get(0)).contains("refused the report with 503: the database is unavailable");

                status.set(200);
                await(() -> reporterHealth(slave).path("healthy").asBoolean());
                assertThat(reporterHealth(slave).path("message").asText()).startsWith("last report accepted");
                Received last = received.get(received.size() - 1);
                assertThat(last.apiKey()).isEqualTo("the-key");
                assertThat(last.body().toString()).isEqualTo("{\"id\":\"c0ffee01\",\"name\":\"Slave Bandung\","
                        + "\"ip_address\":\"10.9.0.1\",\"total_enrollment\":0,\"custom_fields\":{}}");

                // A second outage is a second warning, however many attempts it lasts.
                status.set(503);
                int before = received.size();
                await(() -> received.size() >= before + 4);
                assertThat(warnings(log)).hasSize(2);
            } finally {
                master.stop(0);
                logger.detachAppender(log);
            }
        }
    }

    @Test
    void retriesBackOffFromOneSecondToTheReportInterval() {
        SlaveReporter reporter = new SlaveReporter(new CesConfig(), new NodeIdentity("x", "x", "10.0.0.1"), null,
                JSON, Clock.systemUTC());
        assertThat(List.of(1, 2, 3, 4, 5, 6, 7, 8, 20).stream().map(reporter::backoff).map(Duration::toSeconds))
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> log) {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static JsonNode reporterHealth(TestServer server) {
        return server.adminPortClient().get("/healthcheck").json().path("ces-reporter");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            Thread.sleep(50);
        }
    }

}
