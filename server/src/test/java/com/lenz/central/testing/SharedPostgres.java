package com.lenz.central.testing;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * One cluster for the whole test JVM, on which each test server gets fresh databases: real PostgreSQL
 * without paying a cluster start per test class. Tests that need their own cluster (restarts,
 * replication) use {@link PgCluster#start()}.
 */
public final class SharedPostgres {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static PgCluster cluster;

    private SharedPostgres() {
    }

    public static synchronized PgCluster cluster() {
        if (cluster == null) {
            cluster = PgCluster.start();
            Runtime.getRuntime().addShutdownHook(new Thread(cluster::close));
        }
        return cluster;
    }

    /** A fresh, empty database on the shared cluster; returns its name. */
    public static String newDatabase(String prefix) {
        String name = prefix + "_" + ProcessHandle.current().pid() + "_" + COUNTER.incrementAndGet();
        cluster().createDatabase(name);
        return name;
    }
}
