package com.lenz.central.plugins.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.plugin.api.HistoryEvent;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.testkit.TestNodeContext;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventHistoryExportNodeTest {

    /** 2025-04-30 08:00 in Jakarta (UTC+7). */
    private static final Clock NOW = Clock.fixed(Instant.parse("2025-04-30T01:00:00Z"), ZoneOffset.UTC);
    private final EventHistoryExportNode node = new EventHistoryExportNode(NOW);

    private static HistoryEvent fr(String id, String time, Map<String, Object> data) {
        return new HistoryEvent(id, "FR", "cam-01", Instant.parse(time), data);
    }

    private static TestNodeContext context(Path exports, Map<String, Object> config) {
        return TestNodeContext.withConfig(config).exportRoot(exports)
                .event(fr("1", "2025-04-28T16:59:59Z", Map.of("name", "Day before")))          // 23:59:59 on the 28th in Jakarta
                .event(fr("2", "2025-04-28T17:00:00Z", Map.of("name", "Budi, \"B\"", "face_id", "f-2",
                        "similarity", 0.93, "status", "blacklist", "image_url", "https://img/2.jpg")))  // 00:00 on the 29th
                .event(fr("3", "2025-04-29T16:59:59Z", Map.of("name", "Siti\nNur", "face_id", "f-3")))
                .event(fr("4", "2025-04-29T17:00:00Z", Map.of("name", "Today")))
                .event(new HistoryEvent("5", "LPR", "cam-01", Instant.parse("2025-04-29T03:00:00Z"), Map.of("plate", "B 1")));
    }

    @Test
    void yesterdayInTheGivenZoneGoesToACsvNamedForTheDate(@TempDir Path exports) throws Exception {
        Map<String, Object> output = node.execute(context(exports, Map.of("analytic_type", "FR",
                "date_range", "yesterday", "timezone", "Asia/Jakarta", "output_dir", "/exports/fr"))).output();

        assertThat(output).containsEntry("file_url", "/exports/fr/2025-04-29.csv").containsEntry("date", "2025-04-29")
                .containsEntry("rows", 2L).containsEntry("format", "csv");
        Path file = exports.resolve("fr/2025-04-29.csv");
        List<CSVRecord> records;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            records = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get().parse(in).getRecords();
        }
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get("event_id")).isEqualTo("2");
        assertThat(records.get(0).get("event_time")).isEqualTo("2025-04-29T00:00:00+07:00");
        assertThat(records.get(0).get("name")).isEqualTo("Budi, \"B\"");
        assertThat(records.get(0).get("similarity")).isEqualTo("0.93");
        assertThat(records.get(0).get("image_url")).isEqualTo("https://img/2.jpg");
        assertThat(records.get(0).get("data")).contains("\"status\":\"blacklist\"");
        assertThat(records.get(1).get("name")).isEqualTo("Siti\nNur");
        assertThat(Files.readString(file)).startsWith("event_id,event_time,analytic_type,stream_id,face_id,name");
    }

    @Test
    void jsonAndDefaultFolderAndRanges(@TempDir Path exports) throws Exception {
        Map<String, Object> output = node.execute(context(exports, Map.of("analytic_type", "FR",
                "date_range", Map.of("from", "2025-04-28", "to", "2025-04-29"), "timezone", "Asia/Jakarta",
                "format", "json"))).output();

        assertThat(output).containsEntry("file_url", "/exports/fr/2025-04-28_2025-04-29.json").containsEntry("rows", 3L);
        String json = Files.readString(exports.resolve("fr/2025-04-28_2025-04-29.json"));
        assertThat(json).startsWith("[{\"event_id\":\"1\"").endsWith("}]").contains("\"event_time\":\"2025-04-28T23:59:59+07:00\"");
    }

    @Test
    void theServersTimeZoneIsTheDefault(@TempDir Path exports) throws Exception {
        Map<String, Object> output = node.execute(context(exports, Map.of("analytic_type", "FR", "date_range", "yesterday"))
                .withSetting("scheduler_timezone", "UTC")).output();

        // In UTC "yesterday" is the 29th from 00:00Z: events 3 (16:59:59Z) and 4 (17:00Z).
        assertThat(output).containsEntry("date", "2025-04-29").containsEntry("rows", 2L);
    }

    @Test
    void badConfigsNameTheField(@TempDir Path exports) {
        assertThatThrownBy(() -> node.validate(Map.of("date_range", "yesterday")))
                .isInstanceOf(NodeConfigException.class).extracting("field").isEqualTo("analytic_type");
        assertThatThrownBy(() -> node.validate(Map.of("analytic_type", "FR", "date_range", "last_year")))
                .extracting("field").isEqualTo("date_range");
        assertThatThrownBy(() -> node.validate(Map.of("analytic_type", "FR", "date_range", Map.of("from", "2025-04-02", "to", "2025-04-01"))))
                .extracting("field").isEqualTo("date_range.to");
        assertThatThrownBy(() -> node.validate(Map.of("analytic_type", "FR", "date_range", "today", "timezone", "Mars/Base")))
                .extracting("field").isEqualTo("timezone");
        assertThatThrownBy(() -> node.validate(Map.of("analytic_type", "FR", "date_range", "today", "output_dir", "/etc")))
                .extracting("field").isEqualTo("output_dir");
        assertThatThrownBy(() -> node.validate(Map.of("analytic_type", "FR", "date_range", "today", "output_dir", "/exports/../etc")))
                .extracting("field").isEqualTo("output_dir");
        assertThatThrownBy(() -> node.execute(context(exports, Map.of("analytic_type", "FR", "date_range", "today",
                "output_dir", "/exports/../../etc")))).isInstanceOf(NodeConfigException.class);
    }

    @Test
    void aCancelledExportLeavesNoFile(@TempDir Path exports) {
        TestNodeContext ctx = context(exports, Map.of("analytic_type", "FR", "date_range", "yesterday", "timezone", "Asia/Jakarta"));
        ctx.cancel();

        assertThatThrownBy(() -> node.execute(ctx)).hasMessageContaining("cancelled");
        assertThat(exports.resolve("fr/2025-04-29.csv")).doesNotExist();
    }

    @Test
    void theSchemaStatesTheFormatsTheNodeWrites() throws Exception {
        JsonNode format = new ObjectMapper().readTree(new EventHistoryExportNode().descriptor().configSchema())
                .get("properties").get("format");
        assertThat(format.get("enum")).extracting(JsonNode::asText).containsExactly("csv", "json");
        assertThat(format.get("default").asText()).isEqualTo("csv");
        assertThatThrownBy(() -> new EventHistoryExportNode().validate(Map.of("analytic_type", "FR", "date_range", "today", "format", "xml")))
                .hasMessage("must be csv or json");
    }
}
