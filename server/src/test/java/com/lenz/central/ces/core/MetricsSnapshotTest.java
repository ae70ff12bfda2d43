package com.lenz.central.ces.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricsSnapshotTest {

    @Test
    void timestampsReadAsEveryOtherTimestampOfTheApi() {
        List<Instant> edges = List.of(
                Instant.parse("2026-11-29T20:49:34Z"),
                Instant.parse("2026-11-29T20:49:34.120Z"),
                Instant.parse("2026-11-29T20:49:34.005Z"),
                Instant.parse("2026-11-29T20:49:34.999999999Z"),
                Instant.parse("2024-02-29T00:00:00.000001Z"),
                Instant.EPOCH,
                Instant.parse("1969-12-31T23:59:59.500Z"),
                Instant.parse("0000-01-01T00:00:00Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("-0001-12-31T23:59:59Z"));
        for (Instant instant : edges) {
            assertThat(MetricsSnapshot.rfc3339(instant)).as("%s", instant)
                    .isEqualTo(instant.truncatedTo(ChronoUnit.SECONDS).toString());
        }
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 100_000; i++) {
            Instant instant = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_402_300_800L), random.nextInt(1_000_000_000));
            assertThat(MetricsSnapshot.rfc3339(instant)).isEqualTo(instant.truncatedTo(ChronoUnit.SECONDS).toString());
        }
    }
}
