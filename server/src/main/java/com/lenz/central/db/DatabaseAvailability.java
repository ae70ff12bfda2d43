package com.lenz.central.db;

import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.ManagedDataSource;
import io.dropwizard.db.PooledDataSourceFactory;
import io.dropwizard.jdbi3.JdbiFactory;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.tomcat.jdbc.pool.DataSourceProxy;
import org.jdbi.v3.core.ConnectionException;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a database answers, as its pool sees it: one WARN line when it goes away, one INFO line when it
 * is back, and nothing in between, however many requests and background loops fail meanwhile (they ask
 * {@link #isOutage} and stay quiet). When it goes away, the pool is purged: its idle connections point at
 * a server that is gone, and each would otherwise fail one more request after the database is back.
 */
public final class DatabaseAvailability {

    private static final Logger LOG = LoggerFactory.getLogger(DatabaseAvailability.class);

    private final String name;
    private final Runnable purge;
    private final AtomicBoolean down = new AtomicBoolean();
    private volatile long downSince;
    /** When the database last came back ({@link System#nanoTime()}); 0 before any outage. */
    private volatile long upSince;
    /** The current outage is a relapse of the last one (a restarting PostgreSQL refusing for a moment). */
    private boolean relapse;

    /**
     * A failure this soon after the database came back is the same outage going on: PostgreSQL that has
     * just accepted a connection may still refuse the next one while it starts ("the database system is
     * starting up"). It is neither logged again nor is its end.
     */
    private static final long RELAPSE_WINDOW_NANOS = Duration.ofSeconds(2).toNanos();
    private volatile Jdbi probe;

    DatabaseAvailability(String name, Runnable purge) {
        this.name = name;
        this.purge = purge;
    }

    /**
     * The {@link Jdbi} of a database as {@link JdbiFactory} builds it (pool managed, health check
     * {@code name}), with its availability watched and broken connections kept out of its pool.
     */
    public static Jdbi watch(Environment env, JdbiFactory factory, PooledDataSourceFactory config, String name) {
        ManagedDataSource pool = config.build(env.metrics(), name);
        DatabaseAvailability availability = new DatabaseAvailability(name, () -> {
            if (pool instanceof DataSourceProxy tomcat) {
                tomcat.purge();
            }
        });
        Jdbi jdbi = factory.build(env, config, new WatchedDataSource(pool, availability), name);
        availability.probe = jdbi;
        return ConnectionGuard.install(jdbi, availability);
    }

    /**
     * True when the failure says the database cannot be reached or went away under the statement (it was
     * stopped, restarted, the connection was reset), rather than refusing the statement itself.
     */
    public static boolean isOutage(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof ConnectionException) {
                return true;
            }
        }
        return reachesNoServer(failure);
    }


    /** The failure names the server's absence itself (refused, reset, shutting down), not just a pool's refusal. */
    static boolean reachesNoServer(Throwable failure) {
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (t instanceof ConnectException || t instanceof SocketException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                // 08: connection exceptions (refused, reset, closed). 57P01-57P03: the server is shutting
                // down, crashed, or not accepting connections yet.
                if (state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03")
                        || isReadOnlyServer(sql)) {
                    return true;
                }
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }

    /**
     * SQLSTATE 25006 (read-only SQL transaction): Lenz never opens a read-only transaction itself, so this
     * means the connection reaches a server that is not (or no longer) the primary, e.g. the old primary
     * after a failover, now a standby. For the pool it is a dead server: the primary is elsewhere.
     */
    static boolean isReadOnlyServer(SQLException sql) {
        return "25006".equals(sql.getSQLState());
    }

    /**
     * Notes a failure: when it is an outage, the database counts as down (logged once).
     *
     * @return whether it was an outage
     */
    public boolean report(Throwable failure) {
        if (!isOutage(failure)) {
            return false;
        }
        synchronized (this) {
            if (down.get()) {
                return true;
            }
            long now = System.nanoTime();
            downSince = now;
            down.set(true);
            relapse = upSince != 0 && now - upSince < RELAPSE_WINDOW_NANOS;
            purge.run();
            startProbing();
            if (relapse) {
                LOG.debug("database {} refused again right after it came back ({})", name, rootMessage(failure));
                return true;
            }
            LOG.warn("database {} is unavailable ({}); its requests answer 503 and running work waits for it",
                    name, rootMessage(failure));
        }
        return true;
    }

    /**
     * Asks the database every 250 ms whether it is back, so that its return is noticed (and logged) even
     * when nothing else uses it. Stops once it answers, or when the failure is no longer an outage (the
     * pool was closed: the server stops).
     */
    private void startProbing() {
        Jdbi jdbi = probe;
        if (jdbi == null) {
            return;
        }
        Thread thread = new Thread(() -> {
            while (down.get()) {
                try {
                    Thread.sleep(250);
                    jdbi.useHandle(h -> h.execute("/* lenz availability probe */ SELECT 1"));
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    if (!reachesNoServer(e)) {
                        return;
                    }
                }
            }
        }, "database-probe-" + name);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A database call that began at {@code startedAt} ({@link System#nanoTime()}) succeeded: the database is
     * there (logged once, when it was down). A call that began before the outage was noticed proves nothing:
     * while PostgreSQL shuts down, some statements still finish.
     */
    public void up(long startedAt) {
        if (!down.get()) {
            return;
        }
        synchronized (this) {
            if (!down.get() || startedAt - downSince <= 0) {
                return;
            }
            down.set(false);
            upSince = System.nanoTime();
            Duration away = Duration.ofNanos(upSince - downSince);
            if (relapse) {
                LOG.debug("database {} is available again after {} ms", name, away.toMillis());
                return;
            }
            LOG.info("database {} is available again after {} ms", name, away.toMillis());
        }
    }

    /** The innermost cause, for a log line without a stack trace. */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        int depth = 0;
        while (t.getCause() != null && t.getCause() != t && depth++ < 32) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
