package com.lenz.central.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Waiting for what a server does in the background: poll with a deadline, never a fixed sleep. */
public final class Polling {

    private Polling() {
    }

    /** Polls every 100 ms until {@code condition} holds, failing after {@code timeout} with {@code what}. */
    public static void await(Duration timeout, String what, Supplier<Boolean> condition) {
        awaitValue(timeout, what, () -> condition.get() ? Boolean.TRUE : null);
    }

    /** Polls every 100 ms until {@code probe} gives a value (not null) and returns it; fails after {@code timeout}. */
    public static <T> T awaitValue(Duration timeout, String what, Supplier<T> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
