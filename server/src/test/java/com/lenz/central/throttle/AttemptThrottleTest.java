package com.lenz.central.throttle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lenz.central.core.DomainException;
import com.lenz.central.http.DomainExceptionMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The lockout rules, on a clock the test moves. */
class AttemptThrottleTest {

    /** A clock that stands still until told to move. */
    private static final class TestClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final TestClock clock = new TestClock();
    private final AttemptThrottle throttle = new AttemptThrottle("logins", new ThrottleConfig(), clock);

    private void fail(String subject, String address) {
        throttle.start(subject, address).failed();
    }

    private long refusedFor(String subject, String address) {
        try {
            throttle.start(subject, address).abandoned();
        } catch (DomainException e) {
            assertThat(DomainExceptionMapper.status(e.kind())).isEqualTo(429);
            return e.retryAfterSeconds().orElseThrow();
        }
        return 0;
    }

    @Test
    void theLockoutDoublesWithEachFailureAfterTheFifthUpToFifteenMinutes() {
        for (int i = 0; i < 5; i++) {
            fail("alice", "10.0.0.1");
        }
        assertThat(refusedFor("alice", "10.0.0.1")).isEqualTo(30);
        long[] expected = {60, 120, 240, 480, 900, 900};
        for (long seconds : expected) {
            clock.advance(Duration.ofSeconds(refusedFor("alice", "10.0.0.1")));
            fail("alice", "10.0.0.1");
            assertThat(refusedFor("alice", "10.0.0.1")).isEqualTo(seconds);
        }
    }

    @Test
    void aSuccessForgetsTheFailures() {
        for (int i = 0; i < 4; i++) {
            fail("bob", "10.0.0.2");
        }
        throttle.start("bob", "10.0.0.2").succeeded();
        for (int i = 0; i < 4; i++) {
            fail("bob", "10.0.0.2");
        }
        assertThat(refusedFor("bob", "10.0.0.2")).isZero();
    }

    @Test
    void oneAddressTryingManyNamesIsLockedAfterTwentyAndUsernamesIgnoreCase() {
        for (int i = 0; i < 20; i++) {
            fail("user" + i, "192.0.2.7");
        }
        assertThat(refusedFor("someone-else", "192.0.2.7")).isEqualTo(30);
        assertThat(refusedFor("someone-else", "192.0.2.8")).isZero();

        for (int i = 0; i < 5; i++) {
            fail(i % 2 == 0 ? "Carol" : " carol ", "198.51.100." + i);
        }
        assertThat(refusedFor("CAROL", "198.51.100.99")).isEqualTo(30);
    }

    @Test
    void anIpv6ClientCountsByItsSlash64() {
        for (int i = 0; i < 20; i++) {
            fail("name" + i, "2001:db8:1:2::" + Integer.toHexString(i + 1));
        }
        assertThat(refusedFor("other", "2001:db8:1:2:ffff::1")).isEqualTo(30);
        assertThat(refusedFor("other", "2001:db8:1:3::1")).isZero();
    }

    @Test
    void afterTheLimitOnlyOneAttemptAtATimeIsLetThrough() {
        for (int i = 0; i < 5; i++) {
            fail("dave", "10.0.0.4");
        }
        clock.advance(Duration.ofSeconds(30));
        AttemptThrottle.Attempt probe = throttle.start("dave", "10.0.0.4");
        assertThatThrownBy(() -> throttle.start("dave", "10.0.0.5")).isInstanceOf(DomainException.class);
        probe.abandoned();
        throttle.start("dave", "10.0.0.5").succeeded();
        assertThat(refusedFor("dave", "10.0.0.4")).isZero();
    }
}
