package com.lenz.central.db;

import com.lenz.central.lifecycle.StartMilestones;
import com.lenz.central.logging.LogRedactor;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jdbi3.JdbiFactory;
import org.jdbi.v3.core.Jdbi;

/**
 * The two databases where {@link DatabaseSetup} resolved them: the embedded cluster (if any) managed
 * first so that it stops last, after the pools; both pools built; the schemas migrated.
 */
public final class DatabaseModule {

    private final Databases databases;
    private Jdbi lenz;
    private Jdbi fremis;

    public DatabaseModule(Databases databases) {
        this.databases = databases;
    }

    public void register(Environment env) throws Exception {
        databases.embedded().ifPresent(env.lifecycle()::manage);
        // The passwords are known now: given, or the embedded cluster's generated one.
        LogRedactor.register(databases.lenz().getPassword());
        LogRedactor.register(databases.fremis().getPassword());
        JdbiFactory jdbiFactory = new JdbiFactory();
        // Watched pools: a connection a failure left mid-stream is dropped, never handed to the next
        // request; an outage is logged once and purges the pool.
        lenz = JdbiSetup.configure(DatabaseAvailability.watch(env, jdbiFactory, databases.lenz(), "lenz-database"));
        fremis = JdbiSetup.configure(DatabaseAvailability.watch(env, jdbiFactory, databases.fremis(), "fremis-database"));
        StartMilestones.mark("pools built, schema of the Lenz database");
        SchemaMigrator.migrate(databases.lenz(), SchemaMigrator.LENZ_CHANGELOG);
        if (databases.manageFremisSchema()) {
            StartMilestones.mark("schema of the Fremis database");
            SchemaMigrator.migrate(databases.fremis(), SchemaMigrator.FREMIS_CHANGELOG);
        }
        StartMilestones.mark("schemas up to date");
    }

    /** The Lenz database (after {@link #register}). */
    public Jdbi lenz() {
        return lenz;
    }

    /** The Fremis database (after {@link #register}). */
    public Jdbi fremis() {
        return fremis;
    }
}
