package com.lenz.central.db;

import com.lenz.central.CentralConfiguration;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Decides where the two databases are. No {@code DATABASE_URL} (url {@value #EMBEDDED}): start the
 * embedded cluster and point both factories at it (this server then owns the Fremis schema too).
 * No {@code FREMIS_DATABASE_URL} (url {@value #SAME_SERVER}): database {@code fremis} on the Lenz
 * database's server, with the Lenz credentials.
 */
public final class DatabaseSetup {

    public static final String EMBEDDED = "embedded";
    public static final String SAME_SERVER = "same-server";

    private EmbeddedDatabase embedded;
    private Databases resolved;
    private boolean hookAdded;

    /**
     * Where the databases are, starting the embedded cluster if needed. Resolved once: later calls answer
     * the same {@link Databases}. The configuration is read, never changed.
     */
    public synchronized Databases resolve(CentralConfiguration config) throws Exception {
        if (resolved == null) {
            resolved = resolveOnce(config);
        }
        return resolved;
    }

    private Databases resolveOnce(CentralConfiguration config) throws Exception {
        DataSourceFactory lenz = copyOf(config.getDatabase());
        DataSourceFactory fremis = copyOf(config.getFremisDatabase());
        boolean fremisConfigured = !isUnset(fremis.getUrl(), SAME_SERVER);
        boolean manageFremisSchema = config.isManageFremisSchema();
        if (isUnset(lenz.getUrl(), EMBEDDED)) {
            // Stopped by the server's lifecycle (registered first, stopped last), never by a JVM shutdown
            // hook: a hook runs at the same time as Dropwizard's shutdown and takes the database away
            // from executions still writing their end. See stopWhenTheJvmExits for commands without one.
            embedded = new EmbeddedDatabase(Path.of(config.getDataDir()), config.getEmbeddedDbPort());
            embedded.ensureStarted();
            lenz.setUrl(embedded.jdbcUrl("lenz"));
            lenz.setUser(embedded.user());
            lenz.setPassword(embedded.password());
            if (!fremisConfigured) {
                fremis.setUrl(embedded.jdbcUrl("fremis"));
                fremis.setUser(embedded.user());
                fremis.setPassword(embedded.password());
                manageFremisSchema = true;
            }
        }
        if (isUnset(fremis.getUrl(), SAME_SERVER)) {
            fremis.setUrl(siblingDatabase(lenz.getUrl(), "fremis"));
        }
        if (isBlank(fremis.getUser())) {
            fremis.setUser(lenz.getUser());
            fremis.setPassword(lenz.getPassword());
        }
        return new Databases(lenz, fremis, fremisConfigured, manageFremisSchema, Optional.ofNullable(embedded));
    }

    /** A copy to fill in, so that the configuration keeps what config.yml said. */
    private static DataSourceFactory copyOf(DataSourceFactory factory) {
        return COPIER.convertValue(factory, DataSourceFactory.class);
    }

    private static final ObjectMapper COPIER = Jackson.newObjectMapper();

    /**
     * For commands without a server lifecycle (the {@code db} commands): the embedded cluster, if one was
     * started, is stopped when the JVM exits. Nothing else runs by then, so this hook races nothing.
     */
    public synchronized void stopWhenTheJvmExits() {
        if (embedded != null && !hookAdded) {
            hookAdded = true;
            EmbeddedDatabase toStop = embedded;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stopQuietly(toStop), "embedded-postgres-stop"));
        }
    }

    /** Stops the embedded cluster now, if one was started (a start that failed half way). */
    public synchronized void stopEmbedded() {
        if (embedded != null) {
            stopQuietly(embedded);
        }
    }

    private static void stopQuietly(EmbeddedDatabase database) {
        try {
            database.stop();
        } catch (Exception e) {
            System.err.println("could not stop the embedded PostgreSQL: " + e.getMessage());
        }
    }

    /** {@code jdbc:postgresql://h:5432/lenz?x=y} → {@code jdbc:postgresql://h:5432/fremis?x=y}. */
    static String siblingDatabase(String jdbcUrl, String database) {
        int query = jdbcUrl.indexOf('?');
        String base = query >= 0 ? jdbcUrl.substring(0, query) : jdbcUrl;
        String params = query >= 0 ? jdbcUrl.substring(query) : "";
        int slash = base.lastIndexOf('/');
        if (slash < "jdbc:postgresql://".length()) {
            return base + "/" + database + params;
        }
        return base.substring(0, slash + 1) + database + params;
    }

    private static boolean isUnset(String url, String sentinel) {
        return isBlank(url) || sentinel.equals(url.trim());
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
