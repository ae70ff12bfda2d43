package com.lenz.central.events.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.plugin.api.HistoryEvent;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;

class EventHistoryReaderTest {

    @Test
    void streamsOneTypeOverAHalfOpenRangeOldestFirst() throws Exception {
        try (TestServer server = TestServer.start()) {
            ApiClient admin = server.admin();
            List<Map<String, Object>> batch = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                batch.add(Map.of("analytic_type", "FR", "stream_id", "cam-" + (i % 3),
                        "event_time", Instant.parse("2025-04-29T00:00:00Z").plusSeconds(i * 10L).toString(),
                        "data", Map.of("seq", i)));
            }
            batch.add(Map.of("analytic_type", "LPR", "event_time", "2025-04-29T01:00:00Z"));
            assertThat(admin.post("/api/events", Map.of("events", batch)).status()).isEqualTo(200);
            EventHistoryReader reader = new EventHistoryReader(
                    Jdbi.create(server.setting("database.url"), "postgres", ""), new ObjectMapper());

            List<HistoryEvent> seen = new ArrayList<>();
            long count = reader.forEach("FR", Instant.parse("2025-04-29T00:00:10Z"), Instant.parse("2025-04-29T00:16:40Z"),
                    seen::add);

            assertThat(count).isEqualTo(99); // seconds 10 .. 990, the end excluded
            assertThat(seen).hasSize(99);
            assertThat(seen.get(0).data()).containsEntry("seq", 1);
            assertThat(seen.get(98).eventTime()).isEqualTo(Instant.parse("2025-04-29T00:16:30Z"));
            assertThat(seen).allMatch(e -> e.analyticType().equals("FR"));
            // Across batches, in order, none lost nor repeated.
            List<Integer> order = new ArrayList<>();
            assertThat(reader.forEach("FR", Instant.parse("2025-04-29T00:00:00Z"), Instant.parse("2025-04-30T00:00:00Z"),
                    e -> order.add((Integer) e.data().get("seq")))).isEqualTo(5_000);
            assertThat(order).isSorted().doesNotHaveDuplicates().hasSize(5_000);
        }
    }

    @Test
    void aSinkThatFailsStopsTheReadingAndFreesItsConnection() throws Exception {
        try (TestServer server = TestServer.start()) {
            for (int part = 0; part < 2; part++) {
                List<Map<String, Object>> batch = new ArrayList<>();
                for (int i = part * 10_000; i < (part + 1) * 10_000; i++) {
                    batch.add(Map.of("analytic_type", "FR", "event_time",
                            Instant.parse("2025-04-29T00:00:00Z").plusMillis(i * 100L).toString(), "data", Map.of("seq", i)));
                }
                assertThat(server.admin().post("/api/events", Map.of("events", batch)).status()).isEqualTo(200);
            }
            Jdbi jdbi = Jdbi.create(server.setting("database.url"), "postgres", "");
            EventHistoryReader reader = new EventHistoryReader(jdbi, new ObjectMapper());
            Instant from = Instant.parse("2025-04-29T00:00:00Z");
            Instant to = Instant.parse("2025-04-30T00:00:00Z");
            long[] seen = {0};
            assertThatThrownBy(() -> reader.forEach("FR", from, to, e -> {
                if (++seen[0] == 2_500) {
                    throw new IllegalStateException("disk full");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("disk full");
            assertThat(seen[0]).isEqualTo(2_500);
            // The cursor's transaction is over by the time forEach has thrown: no session is still in it.
            long reading = jdbi.withHandle(h -> h.createQuery("SELECT count(*) FROM pg_stat_activity WHERE pid <> pg_backend_pid() "
                    + "AND state <> 'idle' AND query LIKE '%FROM event_history WHERE analytic_type%'").mapTo(Long.class).one());
            assertThat(reading).as("sessions still reading the history").isZero();
            assertThat(reader.forEach("FR", from, to, e -> { })).isEqualTo(20_000);
        }
    }
}
