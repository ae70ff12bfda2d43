package com.lenz.central.metrics;

import static com.lenz.central.workflow.WorkflowBodies.manual;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static com.lenz.central.workflow.WorkflowBodies.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code GET /metrics/prometheus} on the admin port, scraped and parsed strictly: the Dropwizard registry
 * (JVM, Jetty, pools) comes through, and the domain metrics are there and move when work happens.
 */
class PrometheusMetricsTest {

    private static final String KEY = "metrics-test-api-key";

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(b -> b.withTestPlugins()
            .set("ces.enabled", "true").set("ces.mode", "master").set("ces.masterApiKey", KEY));

    private static ApiClient.Response scrapeResponse() {
        return SERVER.server().adminPortClient().get(PrometheusModule.PATH);
    }

    private static PrometheusText scrape() {
        ApiClient.Response r = scrapeResponse();
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return PrometheusText.parse(r.raw());
    }

    /** Scrapes until {@code condition} holds (the machine may be slow; CES figures are cached 10 s). */
    private static PrometheusText scrapeUntil(Predicate<PrometheusText> condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        PrometheusText last = scrape();
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no scrape showed " + what);
            }
            sleep(250);
            last = scrape();
        }
        return last;
    }

    @Test
    void theTextFormatCarriesTheDropwizardRegistry() {
        ApiClient.Response r = scrapeResponse();

        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        PrometheusText metrics = PrometheusText.parse(r.raw());
        // Jetty and the connection pools, as Dropwizard registers them (the JVM's only in a real start, which
        // JsonLogTest scrapes: the in-process test support skips them)
        assertThat(metrics.value("io_dropwizard_jetty_MutableServletContextHandler_2xx_responses_total")).isPositive();
        assertThat(metrics.type("io_dropwizard_jetty_MutableServletContextHandler_2xx_responses_total")).isEqualTo("counter");
        assertThat(metrics.value("io_dropwizard_db_ManagedPooledDataSource_lenz_database_size")).isPositive();
        assertThat(metrics.type("io_dropwizard_db_ManagedPooledDataSource_lenz_database_size")).isEqualTo("gauge");
        assertThat(metrics.value("io_dropwizard_jetty_MutableServletContextHandler_requests_count")).isPositive();
        assertThat(metrics.type("io_dropwizard_jetty_MutableServletContextHandler_requests")).isEqualTo("summary");
        // Gauges of the engine exist from the start
        assertThat(metrics.value("lenz_workflow_executions_running")).isNotNull();
        assertThat(metrics.value("lenz_workflow_executions_queued")).isNotNull();
        for (String reason : List.of("missed", "running", "busy", "inactive")) {
            assertThat(metrics.value("lenz_scheduler_skipped_total", "reason", reason)).as(reason).isNotNull();
        }
        assertThat(metrics.type("lenz_scheduler_skipped_total")).isEqualTo("counter");
    }

    @Test
    void executionsAndNodeDurationsMoveWhenAWorkflowRuns() {
        ApiClient admin = SERVER.admin();
        ApiClient.Response created = admin.post("/api/workflows", manual("metrics " + System.nanoTime(),
                node("up", "uppercase", Map.of("text", "hello"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("data").get("id").asText();
        double nodesBefore = scrape().valueOrZero("lenz_workflow_node_duration_seconds_count", "node_type", "uppercase");

        assertThat(admin.post("/api/workflows/" + id + "/execute", null).status()).isEqualTo(200);
        assertThat(admin.post("/api/workflows/" + id + "/execute", null).status()).isEqualTo(200);

        PrometheusText metrics = scrapeUntil(m -> m.valueOrZero("lenz_workflow_executions_total",
                "workflow_id", id, "status", "success", "trigger_type", "manual") == 2, "two executions");
        assertThat(metrics.valueOrZero("lenz_workflow_node_duration_seconds_count", "node_type", "uppercase"))
                .isEqualTo(nodesBefore + 2);
        assertThat(metrics.value("lenz_workflow_node_duration_seconds_bucket", "node_type", "uppercase", "le", "+Inf"))
                .isEqualTo(nodesBefore + 2);
        assertThat(metrics.type("lenz_workflow_node_duration_seconds")).isEqualTo("histogram");
    }

    @Test
    void aRunningExecutionShowsInTheRunningGauge() {
        ApiClient admin = SERVER.admin();
        String id = admin.post("/api/workflows", manual("metrics slow " + System.nanoTime(),
                node("wait", "sleep", Map.of("ms", 3_000)))).json().get("data").get("id").asText();

        assertThat(admin.post("/api/workflows/" + id + "/execute?wait=false", null).status()).isEqualTo(202);

        scrapeUntil(m -> m.valueOrZero("lenz_workflow_executions_running") >= 1, "the execution running");
        scrapeUntil(m -> m.valueOrZero("lenz_workflow_executions_total", "workflow_id", id, "status", "success",
                "trigger_type", "manual") == 1, "its end");
    }

    @Test
    void aFailedRunIsCountedAsFailed() {
        ApiClient admin = SERVER.admin();
        String id = admin.post("/api/workflows", manual("metrics fail " + System.nanoTime(),
                node("boom", "fail", Map.of("message", "no")))).json().get("data").get("id").asText();

        assertThat(admin.post("/api/workflows/" + id + "/execute", null).status()).isEqualTo(422);

        scrapeUntil(m -> m.valueOrZero("lenz_workflow_executions_total", "workflow_id", id, "status", "failed",
                "trigger_type", "manual") == 1, "the failed execution");
    }

    @Test
    void ingestedEventsAreCounted() {
        double before = scrape().valueOrZero("lenz_events_ingested_total");

        ApiClient.Response r = SERVER.admin().post("/api/events", Map.of("events", List.of(
                Map.of("analytic_type", "FR", "stream_id", "cam-01", "event_time", "2025-04-29T07:00:00Z"),
                Map.of("analytic_type", "FR", "stream_id", "cam-02", "event_time", "2025-04-29T07:00:01Z"))));
        assertThat(r.status()).as(r.toString()).isLessThan(300);

        scrapeUntil(m -> m.valueOrZero("lenz_events_ingested_total") == before + 2, "two more events");
    }

    @Test
    void scheduledRunsReportTheirLateness() {
        ApiClient admin = SERVER.admin();
        ApiClient.Response created = admin.post("/api/workflows", workflow("metrics cron " + System.nanoTime(),
                Map.of("type", "schedule", "config", Map.of("cron", "* * * * * *")),
                node("e", "echo", Map.of("text", "tick"))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("data").get("id").asText();
        try {
            double before = scrape().valueOrZero("lenz_scheduler_lateness_seconds_count");
            scrapeUntil(m -> m.valueOrZero("lenz_scheduler_lateness_seconds_count") > before
                    && m.valueOrZero("lenz_workflow_executions_total", "workflow_id", id, "status", "success",
                    "trigger_type", "schedule") >= 1, "a scheduled run");
        } finally {
            admin.delete("/api/workflows/" + id);
        }
    }

    @Test
    void cesNodesOnlineMoveWhenASlaveReports() {
        double before = scrapeUntil(m -> m.value("lenz_ces_nodes", "status", "online") != null, "CES nodes")
                .value("lenz_ces_nodes", "status", "online");
        assertThat(before).isGreaterThanOrEqualTo(1); // this master

        HttpRequest.Builder report = SERVER.server().anonymous().request("/api/ces/metrics")
                .header("Content-Type", "application/json").header("X-API-Key", KEY)
                .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"metrics-slave-" + System.nanoTime()
                        + "\",\"name\":\"Metrics slave " + System.nanoTime() + "\",\"ip_address\":\"10.1.2.3\"}"));
        ApiClient.Response r = SERVER.server().anonymous().send(report);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);

        scrapeUntil(m -> m.valueOrZero("lenz_ces_nodes", "status", "online") == before + 1, "one more node online");
    }

    @Test
    void replicationSlotsOfTheMasterShowTheirLag() throws Exception {
        String slot = "metrics_test_" + System.nanoTime();
        String url = SERVER.server().setting("database.url");
        try (Connection c = DriverManager.getConnection(url, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("SELECT pg_create_physical_replication_slot('" + slot + "', true)");
            try {
                PrometheusText metrics = scrapeUntil(m -> m.value("lenz_replication_lag_bytes", "slot", slot) != null,
                        "the slot's lag");
                assertThat(metrics.value("lenz_replication_lag_bytes", "slot", slot)).isGreaterThanOrEqualTo(0);
                assertThat(metrics.value("lenz_replication_slot_active", "slot", slot)).isEqualTo(0);
                assertThat(metrics.value("lenz_replication_lag_seconds", "slot", slot)).isNull(); // nobody streams
            } finally {
                s.execute("SELECT pg_drop_replication_slot('" + slot + "')");
            }
        }
    }

    @Test
    void theScrapeFollowsTheAdminPortsBasicAuthentication() {
        try (TestServer guarded = TestServer.builder().set("adminPort.user", "scraper")
                .set("adminPort.password", "scrape-password-1").start()) {
            ApiClient port = guarded.adminPortClient();
            assertThat(port.get(PrometheusModule.PATH).status()).isEqualTo(401);
            String basic = java.util.Base64.getEncoder().encodeToString("scraper:scrape-password-1".getBytes());
            ApiClient.Response ok = port.send(port.request(PrometheusModule.PATH).header("Authorization", "Basic " + basic));
            assertThat(ok.status()).isEqualTo(200);
            assertThat(PrometheusText.parse(ok.raw()).value("lenz_workflow_executions_running")).isNotNull();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
