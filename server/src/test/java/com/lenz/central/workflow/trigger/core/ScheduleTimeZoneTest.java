package com.lenz.central.workflow.trigger.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/** Next-fire computation in a trigger's zone, across daylight-saving changes. */
class ScheduleTimeZoneTest {

    @Test
    void sevenInTheMorningInJakartaIsMidnightUtc() {
        CronSchedule schedule = CronSchedule.parse("0 0 7 * * *", ZoneId.of("Asia/Jakarta"));

        ZonedDateTime next = schedule.nextAfter(ZonedDateTime.parse("2025-04-29T01:00:00Z")).orElseThrow();

        assertThat(next.toInstant().toString()).isEqualTo("2025-04-30T00:00:00Z");
        assertThat(next.getHour()).isEqualTo(7);
    }

    @Test
    void aDailyNineOClockKeepsItsLocalHourAcrossTheSpringAndAutumnChanges() {
        CronSchedule schedule = CronSchedule.parse("0 0 9 * * *", ZoneId.of("Europe/Berlin"));

        // Berlin moves from +01:00 to +02:00 on 2025-03-30 and back on 2025-10-26.
        ZonedDateTime beforeSpring = schedule.nextAfter(ZonedDateTime.parse("2025-03-29T10:00:00+01:00[Europe/Berlin]")).orElseThrow();
        ZonedDateTime beforeAutumn = schedule.nextAfter(ZonedDateTime.parse("2025-10-25T10:00:00+02:00[Europe/Berlin]")).orElseThrow();

        assertThat(beforeSpring.toInstant().toString()).isEqualTo("2025-03-30T07:00:00Z");
        assertThat(beforeAutumn.toInstant().toString()).isEqualTo("2025-10-26T08:00:00Z");
    }

    @Test
    void anHourThatHappensTwiceFiresOnceAndAnHourThatIsSkippedDoesNotStopTheSchedule() {
        CronSchedule schedule = CronSchedule.parse("0 30 2 * * *", ZoneId.of("Europe/Berlin"));

        // 2025-10-26 02:30 happens twice in Berlin: one run, then the next day.
        ZonedDateTime first = schedule.nextAfter(ZonedDateTime.parse("2025-10-26T00:00:00+02:00[Europe/Berlin]")).orElseThrow();
        ZonedDateTime second = schedule.nextAfter(first).orElseThrow();
        assertThat(second.toLocalDate().toString()).isEqualTo("2025-10-27");

        // 2025-03-30 02:30 does not exist in Berlin: the schedule goes on with the next day's 02:30.
        ZonedDateTime afterGap = schedule.nextAfter(ZonedDateTime.parse("2025-03-30T03:00:00+02:00[Europe/Berlin]")).orElseThrow();
        assertThat(afterGap.toLocalDate().toString()).isEqualTo("2025-03-31");
        assertThat(afterGap.getHour()).isEqualTo(2);
        assertThat(afterGap.getMinute()).isEqualTo(30);
    }
}
