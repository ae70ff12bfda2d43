package com.lenz.central.logging;

import ch.qos.logback.core.spi.DeferredProcessingAware;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.logging.common.layout.DiscoverableLayoutFactory;

/**
 * A layout that {@code LOG_FORMAT} switches between text and JSON ({@code format} in config.yml); the server
 * log's and the request log's layouts share the setting and the JSON timestamp.
 */
abstract class FormatSwitchingLayoutFactory<E extends DeferredProcessingAware> implements DiscoverableLayoutFactory<E> {

    /** JSON lines carry UTC timestamps with milliseconds, the same in both logs. */
    static final String JSON_TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss.SSSX";

    private LogFormat format = LogFormat.TEXT;

    @JsonProperty
    public LogFormat getFormat() {
        return format;
    }

    @JsonProperty
    public void setFormat(LogFormat format) {
        this.format = format == null ? LogFormat.TEXT : format;
    }

    boolean json() {
        return format == LogFormat.JSON;
    }
}
