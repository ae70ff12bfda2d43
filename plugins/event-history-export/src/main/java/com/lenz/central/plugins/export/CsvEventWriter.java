package com.lenz.central.plugins.export;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.plugin.api.HistoryEvent;
import java.io.IOException;
import java.io.Writer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * CSV per RFC 4180 (commons-csv), UTF-8, one header row: the same file the server's
 * {@code EventHistory.copyCsv} writes, for where that is not available. Every type gets the event's
 * id, its time with the export zone's offset, type and stream; face-recognition events also get the
 * usual fields of their {@code data}; the last column always holds the whole {@code data} as JSON, so
 * nothing is lost.
 */
final class CsvEventWriter implements EventFileWriter {

    /** The fields of an FR event's data that users look for first, in this order. */
    static final List<String> FR_FIELDS = List.of("face_id", "name", "identity_number", "similarity", "status",
            "gender", "image_url", "face_image_url", "snapshot_url");

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Rows are printed into this buffer and handed to the writer in blocks of about this many chars. */
    private static final int BLOCK = 1 << 16;
    private final Writer out;
    private final StringBuilder block = new StringBuilder(BLOCK + 4096);
    private final CSVPrinter printer;
    private final ZoneId zone;
    private final List<String> dataFields;

    CsvEventWriter(Writer out, String analyticType, ZoneId zone) throws IOException {
        this.out = out;
        this.zone = zone;
        this.dataFields = dataFields(analyticType);
        List<String> header = new ArrayList<>(List.of("event_id", "event_time", "analytic_type", "stream_id"));
        header.addAll(dataFields);
        header.add("data");
        // commons-csv appends a quoted field char by char: into a StringBuilder that costs nothing, into
        // the file's Writer each char took its lock (a third of the export's time).
        this.printer = new CSVPrinter(block, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get());
    }

    /** The columns taken out of each event's data for this analytic type. */
    static List<String> dataFields(String analyticType) {
        return "FR".equalsIgnoreCase(analyticType) ? FR_FIELDS : List.of();
    }

    @Override
    public void write(HistoryEvent event) throws IOException {
        List<Object> row = new ArrayList<>(dataFields.size() + 5);
        row.add(event.id());
        row.add(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(event.eventTime().atZone(zone).toOffsetDateTime()));
        row.add(event.analyticType());
        row.add(event.streamId());
        Map<String, Object> data = event.data() == null ? Map.of() : event.data();
        for (String field : dataFields) {
            Object value = data.get(field);
            row.add(value == null ? null : value instanceof Map || value instanceof List ? JSON.writeValueAsString(value) : value);
        }
        row.add(event.dataJson() != null ? event.dataJson() : JSON.writeValueAsString(data));
        printer.printRecord(row);
        if (block.length() >= BLOCK) {
            drain();
        }
    }

    private void drain() throws IOException {
        out.write(block.toString());
        block.setLength(0);
    }

    @Override
    public void finish() throws IOException {
        drain();
        out.flush();
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
