package com.lenz.central.testing;

import java.time.Duration;
import java.util.function.Supplier;

/** Waiting for what a server does in the background: poll with a deadline, never a fixed sleep. */
public final class Polling {

    private Polling() {
    }

    /** Polls every 100 ms until {@code condition} holds, failing after {@code timeout} with {@code what}. */
    public static void await(Duration timeout, String what, Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
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
