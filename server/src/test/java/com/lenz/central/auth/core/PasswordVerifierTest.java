package com.lenz.central.auth.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lenz.central.core.DomainException;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hashing pool's admission: busy only when its threads and queue are really taken. */
class PasswordVerifierTest {

    /** As the server builds it with PASSWORD_HASH_THREADS=1 and PASSWORD_HASH_QUEUE=0. */
    private final ExecutorService pool = Executors.newFixedThreadPool(1);

    @AfterEach
    void stop() {
        pool.shutdownNow();
    }

    /**
     * One hashing thread, no queue, one caller after the other: each login finds the thread free, even when
     * it asks again the moment the answer before came (the thread was still on its way back to the queue,
     * and the login was refused "busy").
     */
    @Test
    void loginsOneAfterTheOtherAreNeverRefusedBusy() {
        PasswordVerifier verifier = new PasswordVerifier(new PasswordHasher(), pool, 1);
        for (int i = 0; i < 100; i++) {
            assertThat(verifier.check(Optional::empty, "not-the-password")).as("login " + i).isEmpty();
        }
    }

    @Test
    void aLoginWhileTheOnlyThreadIsTakenIsRefusedBusy() throws Exception {
        PasswordVerifier verifier = new PasswordVerifier(new PasswordHasher(), pool, 1);
        CountDownLatch looking = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = new Thread(() -> verifier.check(() -> {
            looking.countDown();
            await(release);
            return Optional.empty();
        }, "first-password"));
        first.start();
        assertThat(looking.await(10, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> verifier.check(Optional::empty, "second-password"))
                .isInstanceOfSatisfying(DomainException.class,
                        e -> assertThat(e.getMessage()).contains("too many logins at once"));
        release.countDown();
        first.join(10_000);
        assertThat(verifier.check(Optional::empty, "third-password")).as("free again").isEmpty();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
