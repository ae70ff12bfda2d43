package com.lenz.central.plugins.export;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.plugin.api.HistoryEvent;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** A JSON array of events, written with Jackson's streaming generator. */
final class JsonEventWriter implements EventFileWriter {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(com.fasterxml.jackson.databind.SerializationFeature.FLUSH_AFTER_WRITE_VALUE);
    private final JsonGenerator generator;
    private final ZoneId zone;

    JsonEventWriter(Writer out, ZoneId zone) throws IOException {
        this.zone = zone;
        this.generator = JSON.getFactory().createGenerator(out);
        generator.writeStartArray();
    }

    @Override
    public void write(HistoryEvent event) throws IOException {
        generator.writeStartObject();
        generator.writeStringField("event_id", event.id());
        generator.writeStringField("event_time",
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.eventTime().atZone(zone).toOffsetDateTime()));
        generator.writeStringField("analytic_type", event.analyticType());
        generator.writeStringField("stream_id", event.streamId());
        generator.writeFieldName("data");
        JSON.writeValue(generator, event.data());
        generator.writeEndObject();
    }

    @Override
    public void finish() throws IOException {
        generator.writeEndArray();
        generator.flush();
    }

    @Override
    public void close() throws IOException {
        generator.close();
    }
}
