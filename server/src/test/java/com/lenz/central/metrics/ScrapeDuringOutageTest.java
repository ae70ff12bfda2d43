package com.lenz.central.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The database-backed gauges (CES nodes, replication lag) read PostgreSQL at scrape time: with the database
 * stopped the scrape still answers 200 in the exposition format, without those samples, and quickly; they
 * come back with the database.
 */
@Tag("faults")
class ScrapeDuringOutageTest {

    @Test
    void aStoppedDatabaseLeavesItsGaugesOutInsteadOfFailingTheScrape() {
        try (PgCluster cluster = PgCluster.start();
             TestServer server = TestServer.builder()
                     .databases(cluster.createDatabase("lenz"), cluster.createDatabase("fremis"))
                     .set("ces.enabled", "true").set("ces.mode", "master").set("ces.masterApiKey", "outage-api-key")
                     .start()) {
            ApiClient port = server.adminPortClient();
            assertThat(scrape(port).value("lenz_ces_nodes", "status", "online")).isEqualTo(1);

            cluster.stop();
            // Within the cache's 10 s the old figure may still show; then the gauge is left out.
            PrometheusText down = until(port, m -> m.value("lenz_ces_nodes", "status", "online") == null,
                    "the CES gauge left out while the database is down");
            assertThat(down.value("lenz_workflow_executions_running")).isEqualTo(0);
            long start = System.nanoTime();
            scrape(port);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

            cluster.startAgain();
            until(port, m -> m.value("lenz_ces_nodes", "status", "online") != null, "the CES gauge back");
        }
    }

    private static PrometheusText scrape(ApiClient port) {
        ApiClient.Response r = port.get(PrometheusModule.PATH);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return PrometheusText.parse(r.raw());
    }

    private static PrometheusText until(ApiClient port, java.util.function.Predicate<PrometheusText> condition,
                                        String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            PrometheusText metrics = scrape(port);
            if (condition.test(metrics)) {
                return metrics;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no scrape showed " + what);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
