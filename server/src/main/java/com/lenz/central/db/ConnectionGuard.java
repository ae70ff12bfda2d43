package com.lenz.central.db;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.HandleCallbackDecorator;
import org.jdbi.v3.core.Jdbi;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.apache.tomcat.jdbc.pool.PooledConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps broken connections out of the pool. The Tomcat pool takes back whatever is returned, and its
 * {@code SELECT 1} check does not notice a connection still streaming the rest of a COPY or a result set
 * that a thread interrupt, an I/O error or a timeout cut short: the next borrower then reads someone
 * else's rows ("Expected one element, but found multiple", NUL characters, 500s for every kind of request).
 *
 * <p>Every {@code withHandle}/{@code inTransaction} callback of a guarded {@link Jdbi} is watched: when it
 * ends by such a failure, or with the thread interrupted, or leaves the connection inside a transaction,
 * the connection is aborted (its socket closed, so nothing can block on it) and marked discarded, so that
 * closing the handle drops it from the pool instead of returning it. Failures the database reported in
 * an orderly way (a constraint, a syntax error, bad data) leave the protocol clean and keep the connection.
 */
public final class ConnectionGuard implements HandleCallbackDecorator {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);

    /**
     * SQLSTATE classes after which the server answered in order and the connection is in sync: data
     * exceptions, integrity violations, transaction rollbacks, syntax/access errors, PL/pgSQL raises...
     */
    private static final Set<String> ORDERLY_CLASSES = Set.of("02", "09", "0L", "0P", "20", "21", "22", "23", "24", "25",
            "26", "27", "28", "2B", "2D", "2F", "34", "38", "39", "3B", "3D", "3F", "40", "42", "44", "P0");

    /** The handle whose outermost callback runs on this thread (jdbi hands nested calls the same handle). */
    private static final ThreadLocal<Handle> OUTERMOST = new ThreadLocal<>();

    private final DatabaseAvailability availability;

    private ConnectionGuard(DatabaseAvailability availability) {
        this.availability = availability;
    }

    /**
     * Guards every handle callback of {@code jdbi}, and tells {@code availability} how each ended (null:
     * nobody to tell).
     */
    public static Jdbi install(Jdbi jdbi, DatabaseAvailability availability) {
        jdbi.setHandleCallbackDecorator(new ConnectionGuard(availability));
        return jdbi;
    }

    @Override
    public <R, X extends Exception> HandleCallback<R, X> decorate(HandleCallback<R, X> callback) {
        return handle -> {
            long started = System.nanoTime();
            Handle outer = OUTERMOST.get();
            // A nested call runs inside its caller's transaction: only the outermost one judges the end state.
            boolean outermost = outer != handle;
            if (outermost) {
                OUTERMOST.set(handle);
            }
            R result;
            try {
                result = callback.withHandle(handle);
            } catch (Exception | Error e) {
                if (availability != null) {
                    availability.report(e);
                }
                if (leavesConnectionUnsafe(e)
                        || outermost && (Thread.currentThread().isInterrupted() || !clean(handle))) {
                    discard(handle, e);
                }
                throw e;
            } finally {
                if (outermost && outer == null) {
                    OUTERMOST.remove();
                } else if (outermost) {
                    OUTERMOST.set(outer);
                }
            }
            if (outermost && (Thread.currentThread().isInterrupted() || !clean(handle))) {
                discard(handle, null);
            }
            if (availability != null) {
                availability.up(started);
            }
            return result;
        };
    }

    /**
     * True when a failure may have cut the conversation with the server mid-message: anything but an error
     * the server reported with an orderly SQLSTATE.
     */
    static boolean leavesConnectionUnsafe(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof IOException || t instanceof InterruptedException || t instanceof CancellationException
                    || t instanceof TimeoutException || t instanceof Error) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (suppressed instanceof IOException || suppressed instanceof InterruptedException) {
                    return true;
                }
            }
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (DatabaseAvailability.isReadOnlyServer(sql)) {
                    // In order, but the server behind it is a standby (a demoted primary after a failover):
                    // every write on this connection would fail the same way, so it must leave the pool.
                    return true;
                }
                if (state == null || state.length() < 2 || !ORDERLY_CLASSES.contains(state.substring(0, 2))) {
                    return true;
                }
            }
        }
        // An exception of the application (a 404 thrown inside a transaction, a mapper refusing a row)
        // does not touch the protocol: after jdbi's rollback the connection is as good as new.
        return false;
    }

    /** The connection is open and outside any transaction, as a pooled connection must be between borrowers. */
    private static boolean clean(Handle handle) {
        try {
            Connection connection = handle.getConnection();
            if (connection.isClosed()) {
                return false;
            }
            BaseConnection pg = connection.unwrap(BaseConnection.class);
            return pg.getTransactionState() == TransactionState.IDLE;
        } catch (SQLException | RuntimeException e) {
            return false;
        }
    }

    private static void discard(Handle handle, Throwable cause) {
        try {
            Connection connection = handle.getConnection();
            if (connection.isWrapperFor(PooledConnection.class)) {
                connection.unwrap(PooledConnection.class).setDiscarded(true);
            }
            Connection physical = connection.isWrapperFor(BaseConnection.class) ? connection.unwrap(BaseConnection.class)
                    : connection;
            physical.abort(Runnable::run);
            LOG.debug("discarded a pooled connection after {}", cause == null ? "an unclean end" : cause.toString());
        } catch (SQLException | RuntimeException e) {
            LOG.debug("could not discard a broken connection: {}", e.toString());
        }
    }
}
