package com.lenz.central.auth.core;

import com.lenz.central.core.DomainException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Supplier;

/**
 * Looks users up and verifies their passwords on a small bounded pool. bcrypt costs tens of milliseconds of CPU by design; run on
 * the request threads, a flood of logins took every core and slowed every other request. On the pool,
 * logins use at most its threads' share of the CPU; when its threads and queue are all taken a login is
 * refused at once with 503 and Retry-After (the server is busy, which is not the caller's fault, hence not a
 * 429). The admission is counted here, not left to the pool's rejection: a pool thread that has just answered
 * is still on its way back to its queue when the same caller's next login arrives, and was refused "busy".
 */
public final class PasswordVerifier {

    private final PasswordHasher hasher;
    private final ExecutorService pool;
    private final Semaphore admitted;

    /** {@code capacity}: the logins admitted at once, those hashing on the pool's threads and those waiting. */
    public PasswordVerifier(PasswordHasher hasher, ExecutorService pool, int capacity) {
        this.hasher = hasher;
        this.pool = pool;
        this.admitted = new Semaphore(capacity);
    }

    /**
     * The user {@code lookup} finds, if {@code password} is theirs. The lookup runs on the pool too, so that
     * a refused login costs no database query; an unknown user is verified against a dummy hash (same cost).
     */
    public Optional<User> check(Supplier<Optional<User>> lookup, String password) {
        if (!admitted.tryAcquire()) {
            throw busy();
        }
        Future<Optional<User>> result;
        try {
            result = pool.submit(() -> {
                try {
                    Optional<User> user = lookup.get();
                    boolean verified = hasher.verify(password, user.map(User::passwordHash).orElse(null));
                    return verified ? user : Optional.<User>empty();
                } finally {
                    admitted.release(); // before the caller has its answer: its next login finds the place free
                }
            });
        } catch (RejectedExecutionException e) { // the pool is stopping
            admitted.release();
            throw busy();
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            result.cancel(true);
            Thread.currentThread().interrupt();
            throw busy();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private static DomainException busy() {
        return DomainException.unavailable("server busy", "too many logins at once; try again in a second", 1);
    }
}
