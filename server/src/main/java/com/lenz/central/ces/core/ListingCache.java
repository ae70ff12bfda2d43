package com.lenz.central.ces.core;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The rendered {@code GET /api/ces/metrics} listing, shared by the dashboards that ask for the same
 * search within {@code maxAge}: with 10,000 nodes one rendering costs about 30 ms of CPU, and four
 * dashboards polling together queued behind each other. A listing is reused only while no report was
 * stored since its data was read ({@link #invalidate()} after each write), so a report is visible to
 * the next request; other servers' reports show within {@code maxAge}. Concurrent requests for the
 * same key wait for the one rendering under way rather than starting their own, and a listing past half
 * its age is rendered again in the background while it is still served, so that polling dashboards
 * seldom wait for a rendering at all. Few keys are kept
 * (a search is client-chosen and a listing weighs megabytes); beyond them a listing is rendered
 * uncached.
 */
public final class ListingCache {

    static final int MAX_KEYS = 8;

    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final AtomicLong generation = new AtomicLong();
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    // One thread at most, gone when idle: a refresh that finds it busy is simply not made.
    private final ThreadPoolExecutor refresher = new ThreadPoolExecutor(0, 1, 10, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "ces-listing-refresh");
                t.setDaemon(true);
                return t;
            }, new ThreadPoolExecutor.DiscardPolicy());

    public ListingCache(Duration maxAge) {
        this(maxAge, System::nanoTime);
    }

    ListingCache(Duration maxAge, LongSupplier nanoTime) {
        this.maxAgeNanos = maxAge.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Drops every listing: called once a write to the nodes' table committed. */
    public void invalidate() {
        generation.incrementAndGet();
    }

    /** The listing for {@code key}: a shared one still fresh, or {@code render}'s (exceptions pass through). */
    public byte[] get(String key, Supplier<byte[]> render) {
        if (maxAgeNanos <= 0) {
            return render.get();
        }
        while (true) {
            // Generation and time are read before the data: an entry is never newer than it claims.
            long gen = generation.get();
            long now = nanoTime.getAsLong();
            Entry current = entries.get(key);
            if (current != null && current.generation == gen && now - current.startedAt < maxAgeNanos) {
                byte[] shared = current.await();
                if (shared != null) {
                    if (now - current.startedAt >= maxAgeNanos / 2 && current.refreshing.compareAndSet(false, true)) {
                        refresher.execute(() -> refresh(key, current, render));
                    }
                    return shared;
                }
                entries.remove(key, current);   // its rendering failed: this request renders its own
                continue;
            }
            if (current == null && entries.size() >= MAX_KEYS) {
                dropStale(gen, now);
                if (entries.size() >= MAX_KEYS) {
                    return render.get();
                }
            }
            Entry mine = new Entry(gen, now);
            boolean placed = current == null ? entries.putIfAbsent(key, mine) == null : entries.replace(key, current, mine);
            if (!placed) {
                continue;
            }
            try {
                byte[] bytes = render.get();
                mine.result.complete(bytes);
                return bytes;
            } catch (RuntimeException | Error e) {
                mine.result.complete(null);
                entries.remove(key, mine);
                throw e;
            }
        }
    }

    /** Renders {@code key} again and puts it in place of {@code current}, unless a write or another rendering came first. */
    private void refresh(String key, Entry current, Supplier<byte[]> render) {
        long gen = generation.get();
        Entry next = new Entry(gen, nanoTime.getAsLong());
        try {
            next.result.complete(render.get());
        } catch (RuntimeException e) {
            return; // the listing expires and the next request renders it, reporting the failure
        }
        if (gen == current.generation) {
            entries.replace(key, current, next);
        }
    }

    private void dropStale(long gen, long now) {
        entries.entrySet().removeIf(e -> e.getValue().generation != gen || now - e.getValue().startedAt >= maxAgeNanos);
    }

    int size() {
        return entries.size();
    }

    private static final class Entry {
        final long generation;
        final long startedAt;
        final CompletableFuture<byte[]> result = new CompletableFuture<>();
        final AtomicBoolean refreshing = new AtomicBoolean();

        Entry(long generation, long startedAt) {
            this.generation = generation;
            this.startedAt = startedAt;
        }

        /** The bytes, or null when the rendering failed. */
        byte[] await() {
            try {
                return result.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the CES listing", e);
            } catch (ExecutionException e) {
                return null;
            }
        }
    }
}
