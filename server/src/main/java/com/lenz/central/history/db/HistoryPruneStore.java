package com.lenz.central.history.db;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The deletes of retention, a batch at a time. Each statement is its own short transaction that locks
 * only the rows it removes, found oldest first through an index on the time that expires them, so live
 * writes to newer rows never wait on it. Node results go with their execution (ON DELETE CASCADE).
 */
public class HistoryPruneStore {

    /** The advisory lock that lets one server at a time prune a database ("LENZHIST" in ASCII). */
    static final long PRUNE_LOCK = 0x4C454E5A48495354L;

    private final Jdbi jdbi;

    public HistoryPruneStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** What runs while the prune lock is held, on the connection that holds it. */
    public interface Pass {
        void run(Batches batches) throws Exception;
    }

    /**
     * Runs {@code pass} if no other server is pruning this database, holding a session advisory lock on one
     * connection for the whole pass (a server that dies frees it with its connection).
     *
     * @return false when another server holds the lock (nothing was run)
     */
    public boolean withPruneLock(Pass pass) throws Exception {
        try (Handle h = jdbi.open()) {
            boolean mine = h.createQuery("SELECT pg_try_advisory_lock(:key)").bind("key", PRUNE_LOCK)
                    .mapTo(Boolean.class).one();
            if (!mine) {
                return false;
            }
            try {
                pass.run(new Batches(h));
            } finally {
                h.createQuery("SELECT pg_advisory_unlock(:key)").bind("key", PRUNE_LOCK).mapTo(Boolean.class).one();
            }
            return true;
        }
    }

    /** The batched deletes, on the lock holder's connection (autocommit: one transaction per batch). */
    public static final class Batches {
        private final Handle h;

        Batches(Handle h) {
            this.h = h;
        }

        /**
         * Deletes up to {@code limit} ended executions (and their node results) started before {@code cutoff}
         * and not before {@code from}, oldest first. A running execution is never deleted; rows another
         * transaction holds are left for the next pass.
         *
         * @param from where the previous batch of this pass ended (null for the first): the index scan starts
         *             there instead of walking again over the entries of rows deleted but not yet vacuumed
         * @return how many went, and the newest start time among them
         */
        public Batch executions(Instant from, Instant cutoff, int limit) {
            return batch(h.createQuery("DELETE FROM workflow_executions WHERE id IN (SELECT id FROM workflow_executions "
                            + "WHERE started_at < :cutoff AND started_at >= :from AND status <> 'running' "
                            + "ORDER BY started_at, id LIMIT :limit FOR UPDATE SKIP LOCKED) RETURNING started_at"),
                    from, cutoff, limit);
        }

        /** Deletes up to {@code limit} events whose {@code event_time} is before {@code cutoff}, oldest first. */
        public Batch events(Instant from, Instant cutoff, int limit) {
            return batch(h.createQuery("DELETE FROM event_history WHERE id IN (SELECT id FROM event_history "
                            + "WHERE event_time < :cutoff AND event_time >= :from ORDER BY event_time, id LIMIT :limit "
                            + "FOR UPDATE SKIP LOCKED) RETURNING event_time"),
                    from, cutoff, limit);
        }

        private static Batch batch(org.jdbi.v3.core.statement.Query delete, Instant from, Instant cutoff, int limit) {
            List<Instant> times = delete.bind("from", from == null ? Instant.parse("0001-01-01T00:00:00Z") : from)
                    .bind("cutoff", cutoff).bind("limit", limit).mapTo(Instant.class).list();
            return new Batch(times.size(), times.stream().max(Instant::compareTo).orElse(from));
        }
    }

    /** What one batch removed: how many rows, and the newest time among them (where the next batch starts). */
    public record Batch(int removed, Instant newest) {
    }

    /** When the oldest ended execution started (what pruning removes next), if any. */
    public Optional<Instant> oldestEndedExecution() {
        return jdbi.withHandle(h -> h.createQuery("SELECT started_at FROM workflow_executions WHERE status <> 'running' "
                        + "ORDER BY started_at, id LIMIT 1")
                .mapTo(Instant.class).findOne());
    }

    /** The oldest event's time, if any. */
    public Optional<Instant> oldestEvent() {
        return jdbi.withHandle(h -> h.createQuery("SELECT event_time FROM event_history ORDER BY event_time, id LIMIT 1")
                .mapTo(Instant.class).findOne());
    }
}
