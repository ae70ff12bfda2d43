package com.lenz.central.http;

import com.lenz.central.core.DomainException;
import jakarta.ws.rs.container.AsyncResponse;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Answers a throttled request (429) only after a pause, holding no thread meanwhile. A refusal costs the
 * server next to nothing, so a client sending as fast as answers come back would otherwise turn it into
 * thousands of requests a second and slow everyone else; paced, each connection of a flood makes about
 * one request a second.
 */
public final class Tarpit {

    private final ScheduledExecutorService timer;
    private final Duration pause;

    public Tarpit(ScheduledExecutorService timer, Duration pause) {
        this.timer = timer;
        this.pause = pause;
    }

    /** Runs {@code work} now and answers its result or error; a 429 is answered after the pause. */
    public void answer(AsyncResponse async, Supplier<?> work) {
        Object result;
        try {
            result = work.get();
        } catch (DomainException e) {
            resume(async, e, e.kind() == DomainException.Kind.THROTTLED);
            return;
        } catch (ApiException e) {
            resume(async, e, e.status() == 429);
            return;
        } catch (RuntimeException e) {
            async.resume(e);
            return;
        }
        async.resume(result);
    }

    private void resume(AsyncResponse async, RuntimeException e, boolean throttled) {
        if (throttled && !pause.isZero()) {
            timer.schedule(() -> async.resume(e), pause.toMillis(), TimeUnit.MILLISECONDS);
        } else {
            async.resume(e);
        }
    }
}
