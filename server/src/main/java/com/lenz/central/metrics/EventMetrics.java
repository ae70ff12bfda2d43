package com.lenz.central.metrics;

import com.lenz.central.events.EventListener;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** Events stored by {@code POST /api/events} on this server. */
final class EventMetrics implements EventListener {

    private final Counter ingested;

    EventMetrics(PrometheusRegistry registry) {
        ingested = Counter.builder().name("lenz_events_ingested_total")
                .help("Events stored through POST /api/events on this server").register(registry);
    }

    @Override
    public void onTriggersQueued(int count) {
        // counted in onStored
    }

    @Override
    public void onStored(int count) {
        ingested.inc(count);
    }
}
