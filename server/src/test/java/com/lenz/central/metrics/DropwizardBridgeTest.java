package com.lenz.central.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.codahale.metrics.MetricRegistry;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Any Dropwizard metric a feature adds (pruning counters, say) reaches the scrape with a Prometheus name. */
class DropwizardBridgeTest {

    private static PrometheusText scrape(MetricRegistry dropwizard) throws Exception {
        PrometheusRegistry registry = new PrometheusRegistry();
        registry.register(new DropwizardBridge(dropwizard));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, registry.scrape(), EscapingScheme.UNDERSCORE_ESCAPING);
        return PrometheusText.parse(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyKindOfDropwizardMetricIsExposed() throws Exception {
        MetricRegistry dropwizard = new MetricRegistry();
        dropwizard.counter("history.pruned.executions").inc(7);
        dropwizard.meter("history.pruned.events").mark(11);
        dropwizard.meter("ch.qos.logback.core.Appender.info").mark(3);
        dropwizard.meter("ch.qos.logback.core.Appender.all").mark(5);
        dropwizard.timer("db.query").update(250, TimeUnit.MILLISECONDS);
        dropwizard.histogram("batch-size").update(40);
        dropwizard.gauge("pool.ready", () -> () -> true);
        dropwizard.gauge("pool.name", () -> () -> "not a number");

        PrometheusText metrics = scrape(dropwizard);

        assertThat(metrics.value("history_pruned_executions")).isEqualTo(7); // can go down: a gauge
        assertThat(metrics.type("history_pruned_executions")).isEqualTo("gauge");
        assertThat(metrics.value("history_pruned_events_total")).isEqualTo(11); // meters only grow: a counter
        assertThat(metrics.type("history_pruned_events_total")).isEqualTo("counter");
        // ".info" is not dropped (the client's sanitizer would, making it read as the "all" meter's twin)
        assertThat(metrics.value("ch_qos_logback_core_Appender_info_total")).isEqualTo(3);
        assertThat(metrics.value("ch_qos_logback_core_Appender_all_total")).isEqualTo(5);
        assertThat(metrics.value("db_query_count")).isEqualTo(1);
        assertThat(metrics.value("db_query", "quantile", "0.5")).isEqualTo(0.25); // seconds
        assertThat(metrics.value("batch_size", "quantile", "0.99")).isEqualTo(40);
        assertThat(metrics.value("pool_ready")).isEqualTo(1);
        assertThat(metrics.hasSeriesStartingWith("pool_name")).isFalse();
    }

    @Test
    void aGaugeThatThrowsOrNamesThatCollideNeverBreakTheScrape() throws Exception {
        MetricRegistry dropwizard = new MetricRegistry();
        dropwizard.gauge("broken", () -> () -> {
            throw new IllegalStateException("pool closed");
        });
        dropwizard.counter("a.b").inc();
        dropwizard.counter("a-b").inc(2);

        PrometheusText metrics = scrape(dropwizard);

        assertThat(metrics.hasSeriesStartingWith("broken")).isFalse();
        assertThat(metrics.value("a_b")).isIn(1.0, 2.0);
    }
}
