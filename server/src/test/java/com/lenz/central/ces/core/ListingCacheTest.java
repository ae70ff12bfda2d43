package com.lenz.central.ces.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class ListingCacheTest {

    private final AtomicLong clock = new AtomicLong();
    private final ListingCache cache = new ListingCache(Duration.ofSeconds(1), clock::get);
    private final AtomicInteger renders = new AtomicInteger();

    private Supplier<byte[]> render(String text) {
        return () -> {
            renders.incrementAndGet();
            return text.getBytes(StandardCharsets.UTF_8);
        };
    }

    private String get(String key, String text) {
        return new String(cache.get(key, render(text)), StandardCharsets.UTF_8);
    }

    private final AtomicInteger version = new AtomicInteger();

    private String versioned() {
        return new String(cache.get("", () -> ("v" + version.incrementAndGet()).getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    @Test
    void aListingIsNeverServedOnceItsMaxAgeHasPassed() {
        assertThat(versioned()).isEqualTo("v1");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(400));
        assertThat(versioned()).isEqualTo("v1");
        assertThat(version).hasValue(1);
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(599));
        assertThat(versioned()).isEqualTo("v1");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
        assertThat(versioned()).isNotEqualTo("v1");
    }

    @Test
    void pastHalfItsAgeAListingIsRenderedAgainInTheBackground() throws InterruptedException {
        assertThat(versioned()).isEqualTo("v1");
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(600));
        assertThat(versioned()).isEqualTo("v1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String seen = versioned();
        while (seen.equals("v1") && System.nanoTime() < deadline) {
            Thread.sleep(10);
            seen = versioned();
        }
        assertThat(seen).isEqualTo("v2");
        // The new one is a second old from its own rendering, not from the first.
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(900));
        assertThat(versioned()).isEqualTo("v2");
    }

    @Test
    void aWriteMakesTheNextRequestRenderAgain() {
        assertThat(get("", "before")).isEqualTo("before");
        cache.invalidate();
        assertThat(get("", "after")).isEqualTo("after");
        assertThat(get("", "later")).isEqualTo("after");
    }

    @Test
    void eachKeyHasItsOwnListing() {
        assertThat(get("", "all")).isEqualTo("all");
        assertThat(get("=^a", "only a")).isEqualTo("only a");
        assertThat(get("", "x")).isEqualTo("all");
        assertThat(get("=^a", "x")).isEqualTo("only a");
    }

    @Test
    void aFailedRenderingIsNotKept() {
        assertThatThrownBy(() -> cache.get("", () -> {
            throw new IllegalStateException("database away");
        })).hasMessage("database away");
        assertThat(get("", "back")).isEqualTo("back");
    }

    @Test
    void fewKeysAreKeptAndTheRestRenderedUncached() {
        for (int i = 0; i < ListingCache.MAX_KEYS + 5; i++) {
            assertThat(get("=" + i, "listing " + i)).isEqualTo("listing " + i);
        }
        assertThat(cache.size()).isEqualTo(ListingCache.MAX_KEYS);
        assertThat(get("=" + (ListingCache.MAX_KEYS + 1), "again")).isEqualTo("again");
        // Once the kept ones are stale, they make room.
        clock.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(get("=new", "new")).isEqualTo("new");
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void concurrentRequestsWaitForTheOneRenderingUnderWay() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<byte[]> first = pool.submit(() -> cache.get("", () -> {
                renders.incrementAndGet();
                started.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return "slow".getBytes(StandardCharsets.UTF_8);
            }));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            Future<byte[]> second = pool.submit(() -> cache.get("", render("own")));
            Future<byte[]> third = pool.submit(() -> cache.get("", render("own")));
            release.countDown();
            assertThat(new String(first.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("slow");
            assertThat(new String(second.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("slow");
            assertThat(new String(third.get(10, TimeUnit.SECONDS), StandardCharsets.UTF_8)).isEqualTo("slow");
            assertThat(renders).hasValue(1);
        } finally {
            pool.shutdownNow();
        }
    }
}
