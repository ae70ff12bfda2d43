package com.lenz.central.metrics;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value read from a database for a scrape, kept for {@code ttlMillis} so that frequent scrapes cost one
 * query. It fails soft: when the read fails (the database is down) the scrape simply lacks those samples.
 * With an executor the read happens there and a scrape answers with the last value at once (for reads that
 * may wait on a remote server).
 */
final class Cached<T> {

    private static final Logger LOG = LoggerFactory.getLogger(Cached.class);

    private final String what;
    private final long ttlNanos;
    private final Supplier<T> read;
    private final Executor background;
    private final AtomicBoolean reading = new AtomicBoolean();
    private volatile T value;
    private volatile long readAt = Long.MIN_VALUE;

    Cached(String what, long ttlMillis, Supplier<T> read, Executor background) {
        this.what = what;
        this.ttlNanos = ttlMillis * 1_000_000;
        this.read = read;
        this.background = background;
    }

    /** The last value read (null when the last read failed or none is done yet). */
    T get() {
        if (readAt != Long.MIN_VALUE && System.nanoTime() - readAt < ttlNanos) {
            return value;
        }
        if (background == null) {
            synchronized (this) {
                if (readAt == Long.MIN_VALUE || System.nanoTime() - readAt >= ttlNanos) {
                    refresh();
                }
            }
        } else if (reading.compareAndSet(false, true)) {
            background.execute(() -> {
                try {
                    refresh();
                } finally {
                    reading.set(false);
                }
            });
        }
        return value;
    }

    private void refresh() {
        try {
            value = read.get();
        } catch (RuntimeException e) {
            value = null;
            LOG.debug("metrics: could not read {}: {}", what, e.getMessage());
        }
        readAt = System.nanoTime();
    }
}
