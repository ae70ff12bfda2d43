package com.lenz.central.db;

import io.dropwizard.db.DataSourceFactory;
import java.util.Optional;

/**
 * Where the two databases are, resolved once at start by {@link DatabaseSetup}: the factories the server,
 * the {@code db} commands and {@code reset-admin} connect with, the embedded cluster when it serves them,
 * and whether this server creates the Fremis tables.
 */
public record Databases(DataSourceFactory lenz, DataSourceFactory fremis, boolean fremisConfigured,
        boolean manageFremisSchema, Optional<EmbeddedDatabase> embedded) {

    /** Whether FREMIS_DATABASE_URL was given (rather than derived from the Lenz database). */
    public boolean isFremisConfigured() {
        return fremisConfigured;
    }
}
