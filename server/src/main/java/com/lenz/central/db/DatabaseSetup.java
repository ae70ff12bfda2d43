package com.lenz.central.db;

import com.lenz.central.CentralConfiguration;
import io.dropwizard.db.DataSourceFactory;
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
    private Boolean fremisConfigured;
    private boolean hookAdded;

    /** Fills in the factories' URLs, starting the embedded cluster if needed. Safe to call twice. */
    public synchronized Optional<EmbeddedDatabase> prepare(CentralConfiguration config) throws Exception {
        DataSourceFactory lenz = config.getDatabase();
        DataSourceFactory fremis = config.getFremisDatabase();
        if (fremisConfigured == null) {
            fremisConfigured = !isUnset(fremis.getUrl(), SAME_SERVER);
        }
        if (isUnset(lenz.getUrl(), EMBEDDED)) {
            if (embedded == null) {
                // Stopped by the server's lifecycle (registered first, stopped last), never by a JVM shutdown
                // hook: a hook runs at the same time as Dropwizard's shutdown and takes the database away
                // from executions still writing their end. See stopWhenTheJvmExits for commands without one.
                embedded = new EmbeddedDatabase(Path.of(config.getDataDir()), config.getEmbeddedDbPort());
            }
            embedded.ensureStarted();
            lenz.setUrl(embedded.jdbcUrl("lenz"));
            lenz.setUser(embedded.user());
            lenz.setPassword(embedded.password());
            if (isUnset(fremis.getUrl(), SAME_SERVER)) {
                fremis.setUrl(embedded.jdbcUrl("fremis"));
                fremis.setUser(embedded.user());
                fremis.setPassword(embedded.password());
                config.setManageFremisSchema(true);
            }
        }
        if (isUnset(fremis.getUrl(), SAME_SERVER)) {
            fremis.setUrl(siblingDatabase(lenz.getUrl(), "fremis"));
        }
        if (isBlank(fremis.getUser())) {
            fremis.setUser(lenz.getUser());
            fremis.setPassword(lenz.getPassword());
        }
        return Optional.ofNullable(embedded);
    }

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

    /** Whether FREMIS_DATABASE_URL was given (as read by the first {@link #prepare}, before it fills the url in). */
    public synchronized boolean isFremisConfigured() {
        return Boolean.TRUE.equals(fremisConfigured);
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
