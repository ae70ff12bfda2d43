package com.lenz.central.workflow.trigger.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

    private static final ZoneId JAKARTA = ZoneId.of("Asia/Jakarta");

    @Test
    void sixFieldsHaveSecondsAndFiveFieldsAreClassicUnix() {
        ZonedDateTime now = ZonedDateTime.of(2025, 4, 30, 6, 59, 0, 0, JAKARTA);

        assertThat(CronSchedule.parse("0 0 7 * * *", JAKARTA).nextAfter(now)).contains(now.withHour(7).withMinute(0));
        assertThat(CronSchedule.parse("30 7 * * *", JAKARTA).nextAfter(now)).contains(now.withHour(7).withMinute(30));
    }

    @Test
    void occurrencesAreInTheScheduleZone() {
        ZonedDateTime utcEvening = ZonedDateTime.of(2025, 4, 29, 23, 0, 0, 0, ZoneId.of("UTC")); // 06:00 in Jakarta

        ZonedDateTime next = CronSchedule.parse("0 0 7 * * *", JAKARTA).nextAfter(utcEvening).orElseThrow();

        assertThat(next.toInstant()).isEqualTo(ZonedDateTime.of(2025, 4, 30, 7, 0, 0, 0, JAKARTA).toInstant());
    }

    @Test
    void badExpressionsAndZonesAreRefusedWithAReason() {
        assertThatThrownBy(() -> CronSchedule.parse("0 7 * *", JAKARTA)).hasMessageContaining("4 fields");
        assertThatThrownBy(() -> CronSchedule.parse("0 0 25 * * *", JAKARTA)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CronSchedule.parse(" ", JAKARTA)).hasMessageContaining("empty");
        assertThat(CronSchedule.zone("Asia/Jakarta")).contains(JAKARTA);
        assertThat(CronSchedule.zone("+07:00")).isEmpty();
        assertThat(CronSchedule.zone("Mars/Olympus")).isEmpty();
    }
}
