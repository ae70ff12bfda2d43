package com.lenz.central.metrics;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantile;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Every metric of the Dropwizard registry (JVM, Jetty, connection pools, scheduler, pruning, whatever a
 * feature adds later) read at scrape time, named the Prometheus way: {@code jvm.memory.heap.used} becomes
 * {@code jvm_memory_heap_used}. The Prometheus client's own Dropwizard bridge is not served here, so this
 * does what it does: gauges stay gauges (booleans 1/0, non-numbers left out); Dropwizard counters become
 * gauges (they can go down: Jetty's active requests); meters become counters ({@code _total}); histograms
 * and timers become summaries with the 50th to 99.9th percentiles (timers in seconds).
 */
final class DropwizardBridge implements MultiCollector {

    private static final double[] QUANTILES = {0.5, 0.75, 0.95, 0.98, 0.99, 0.999};
    private static final double SECONDS_PER_NANO = 1.0 / TimeUnit.SECONDS.toNanos(1);

    private final MetricRegistry registry;

    DropwizardBridge(MetricRegistry registry) {
        this.registry = registry;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        add(out, names, registry.getGauges(), (name, gauge) -> gauge(name, gauge));
        add(out, names, registry.getCounters(), (name, counter) -> counter(name, counter));
        add(out, names, registry.getMeters(), (name, meter) -> meter(name, meter));
        add(out, names, registry.getHistograms(), (name, histogram) -> summary(name, histogram.getCount(),
                histogram.getSnapshot(), 1.0));
        add(out, names, registry.getTimers(), (name, timer) -> summary(name, timer.getCount(), timer.getSnapshot(),
                SECONDS_PER_NANO));
        return new MetricSnapshots(out);
    }

    private interface Convert<M> {
        MetricSnapshot apply(Names name, M metric);
    }

    /** The Prometheus name, and the Dropwizard one as help text. */
    private record Names(String prometheus, String dropwizard) {
    }

    private static <M> void add(List<MetricSnapshot> out, Set<String> taken, Map<String, M> metrics, Convert<M> convert) {
        for (Map.Entry<String, M> entry : metrics.entrySet()) {
            String name = prometheusName(entry.getKey());
            if (!taken.add(name)) {
                continue; // two Dropwizard names that read alike: the first one wins, a scrape never fails
            }
            try {
                MetricSnapshot snapshot = convert.apply(new Names(name, entry.getKey()), entry.getValue());
                if (snapshot != null) {
                    out.add(snapshot);
                }
            } catch (RuntimeException e) {
                // A gauge whose supplier throws (its pool closed): left out of this scrape.
            }
        }
    }

    private static MetricSnapshot gauge(Names name, Gauge<?> gauge) {
        Object value = gauge.getValue();
        double number;
        if (value instanceof Number n) {
            number = n.doubleValue();
        } else if (value instanceof Boolean b) {
            number = b ? 1 : 0;
        } else {
            return null;
        }
        return GaugeSnapshot.builder().name(name.prometheus()).help(help(name, "gauge"))
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(number).build()).build();
    }

    private static MetricSnapshot counter(Names name, Counter counter) {
        return GaugeSnapshot.builder().name(name.prometheus()).help(help(name, "counter"))
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(counter.getCount()).build()).build();
    }

    private static MetricSnapshot meter(Names name, Meter meter) {
        return CounterSnapshot.builder().name(name.prometheus()).help(help(name, "meter"))
                .dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(meter.getCount()).build()).build();
    }

    private static MetricSnapshot summary(Names name, long count, Snapshot snapshot, double factor) {
        Quantiles.Builder quantiles = Quantiles.builder();
        for (double q : QUANTILES) {
            quantiles.quantile(new Quantile(q, snapshot.getValue(q) * factor));
        }
        return SummarySnapshot.builder().name(name.prometheus()).help(help(name, factor == 1.0 ? "histogram" : "timer"))
                .dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder().count(count).quantiles(quantiles.build())
                        .build()).build();
    }

    /**
     * Every character Prometheus does not allow in a name becomes an underscore. Not the client's
     * {@code sanitizeMetricName}: it drops a trailing {@code _info} or {@code _created}, and logback's
     * {@code Appender.info} meter would read as the meter of all levels.
     */
    static String prometheusName(String dropwizard) {
        String plain = dropwizard.replaceAll("[^a-zA-Z0-9_:]", "_");
        return plain.isEmpty() || Character.isDigit(plain.charAt(0)) ? "_" + plain : plain;
    }

    private static String help(Names name, String type) {
        return "Dropwizard " + type + " " + name.dropwizard();
    }

}
