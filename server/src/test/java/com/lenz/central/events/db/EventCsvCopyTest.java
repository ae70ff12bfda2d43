package com.lenz.central.events.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.testing.TestServerExtension;
import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The CSV PostgreSQL writes for an export holds what the node's own writer would: the same columns,
 * time stamps formatted as {@code DateTimeFormatter.ISO_OFFSET_DATE_TIME} formats them in the zone,
 * awkward text intact.
 */
class EventCsvCopyTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> FIELDS = List.of("face_id", "name", "similarity", "tags", "missing");
    private static EventHistoryReader reader;

    @BeforeAll
    static void start() {
        List<Map<String, Object>> events = new ArrayList<>();
        events.add(event("2025-04-29T00:00:00Z", Map.of("face_id", "f-1", "name", "Ani, \"the\" boss", "similarity", 0.85)));
        events.add(event("2025-04-29T00:00:01.5Z", Map.of("face_id", "f-2", "name", "Budi\nline two", "tags", List.of("vip", 1))));
        events.add(event("2025-04-29T00:00:02.000123Z", Map.of("face_id", "f-3", "name", "Citra Ñandú 日本")));
        events.add(event("2025-04-29T16:59:59.999Z", Map.of("name", "", "similarity", 1)));
        events.add(event("2025-04-28T16:59:59.999Z", Map.of("face_id", "before the day")));
        events.add(event("2025-04-29T17:00:00Z", Map.of("face_id", "after the day")));
        assertThat(SERVER.server().admin().post("/api/events", Map.of("events", events)).status()).isEqualTo(200);
        reader = new EventHistoryReader(Jdbi.create(SERVER.server().setting("database.url"), "postgres", ""), JSON);
    }

    private static Map<String, Object> event(String time, Map<String, Object> data) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("analytic_type", "FR");
        event.put("stream_id", "cam,1");
        event.put("event_time", time);
        event.put("data", data);
        return event;
    }

    @Test
    void aDayInJakartaReadsAsTheJavaWriterWouldWriteIt() throws Exception {
        ZoneId jakarta = ZoneId.of("Asia/Jakarta");
        Instant from = Instant.parse("2025-04-28T17:00:00Z");
        Instant to = Instant.parse("2025-04-29T17:00:00Z");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        OptionalLong rows = reader.copyCsv("FR", from, to, jakarta, FIELDS, out);

        assertThat(rows).hasValue(4);
        String csv = out.toString(StandardCharsets.UTF_8);
        // Records end in CRLF; the line break inside Budi's quoted name stays a bare LF.
        assertThat(csv.split("\r\n", -1)).hasSize(6).endsWith("");
        assertThat(csv).contains("\"Budi\nline two\"");
        List<CSVRecord> records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(csv)).getRecords();
        assertThat(records.get(0).getParser().getHeaderNames()).containsExactly("event_id", "event_time", "analytic_type",
                "stream_id", "face_id", "name", "similarity", "tags", "missing", "data");
        List<Map<String, Object>> expected = new ArrayList<>();
        reader.forEach("FR", from, to, e -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("event_id", e.id());
            row.put("event_time", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(e.eventTime().atZone(jakarta)));
            row.put("stream_id", e.streamId());
            row.put("data", e.data());
            expected.add(row);
        });
        assertThat(records).hasSize(expected.size());
        for (int i = 0; i < records.size(); i++) {
            CSVRecord record = records.get(i);
            Map<String, Object> want = expected.get(i);
            assertThat(record.get("event_id")).isEqualTo(want.get("event_id"));
            assertThat(record.get("event_time")).isEqualTo(want.get("event_time"));
            assertThat(record.get("analytic_type")).isEqualTo("FR");
            assertThat(record.get("stream_id")).isEqualTo("cam,1");
            assertThat(JSON.readValue(record.get("data"), Map.class)).isEqualTo(want.get("data"));
        }
        assertThat(records.get(0).get("event_time")).isEqualTo("2025-04-29T07:00:00+07:00");
        assertThat(records.get(1).get("event_time")).isEqualTo("2025-04-29T07:00:01.5+07:00");
        assertThat(records.get(2).get("event_time")).isEqualTo("2025-04-29T07:00:02.000123+07:00");
        assertThat(records.get(0).get("name")).isEqualTo("Ani, \"the\" boss");
        assertThat(records.get(0).get("similarity")).isEqualTo("0.85");
        assertThat(records.get(1).get("name")).isEqualTo("Budi\nline two");
        JsonNode tags = JSON.readTree(records.get(1).get("tags"));
        assertThat(tags.get(0).asText()).isEqualTo("vip");
        assertThat(records.get(2).get("name")).isEqualTo("Citra Ñandú 日本");
        assertThat(records.get(2).get("face_id")).isEqualTo("f-3");
        assertThat(records.get(3).get("face_id")).isEmpty();
        assertThat(records.get(3).get("similarity")).isEqualTo("1");
        assertThat(records).allSatisfy(r -> assertThat(r.get("missing")).isEmpty());
    }

    @Test
    void utcIsWrittenWithZAndFixedOffsetsAreLeftToTheJavaWriter() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OptionalLong rows = reader.copyCsv("FR", Instant.parse("2025-04-29T00:00:00Z"), Instant.parse("2025-04-30T00:00:00Z"),
                ZoneOffset.UTC, List.of(), out);
        assertThat(rows).hasValue(5);
        assertThat(out.toString(StandardCharsets.UTF_8).lines().skip(1).findFirst().orElseThrow())
                .contains(",2025-04-29T00:00:00Z,FR,");

        ByteArrayOutputStream none = new ByteArrayOutputStream();
        assertThat(reader.copyCsv("FR", Instant.EPOCH, Instant.now(), ZoneOffset.ofHours(7), List.of(), none)).isEmpty();
        assertThat(reader.copyCsv("FR", Instant.EPOCH, Instant.now(), ZoneId.of("Asia/Jakarta"), List.of(), none)).hasValue(6);
    }

    @Test
    void anAnalyticTypeFullOfQuotesIsAValueNotSql() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(reader.copyCsv("FR'; DROP TABLE event_history; --", Instant.EPOCH, Instant.now(), ZoneOffset.UTC,
                List.of("a\"b"), out)).hasValue(0);
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("event_id,event_time,analytic_type,stream_id,\"a\"\"b\",data");
        assertThat(reader.copyCsv("FR", Instant.EPOCH, Instant.now(), ZoneOffset.UTC, List.of(), new ByteArrayOutputStream()))
                .hasValue(6);
    }
}
