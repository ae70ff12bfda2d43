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

    /** Fills in the factories' URLs, starting the embedded cluster if needed. Safe to call twice. */
    public synchronized Optional<EmbeddedDatabase> prepare(CentralConfiguration config) throws Exception {
        DataSourceFactory lenz = config.getDatabase();
        DataSourceFactory fremis = config.getFremisDatabase();
        if (fremisConfigured == null) {
            fremisConfigured = !isUnset(fremis.getUrl(), SAME_SERVER);
        }
        if (isUnset(lenz.getUrl(), EMBEDDED)) {
            if (embedded == null) {
                embedded = new EmbeddedDatabase(Path.of(config.getDataDir(), "postgres"), config.getEmbeddedDbPort());
                // A JVM that exits without a clean Dropwizard stop (e.g. the "db" command) still stops PostgreSQL.
                EmbeddedDatabase toStop = embedded;
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        toStop.stop();
                    } catch (Exception ignored) {
                        // shutting down anyway
                    }
                }, "embedded-postgres-stop"));
            }
            embedded.ensureStarted();
            lenz.setUrl(embedded.jdbcUrl("lenz"));
            lenz.setUser("postgres");
            lenz.setPassword("");
            if (isUnset(fremis.getUrl(), SAME_SERVER)) {
                fremis.setUrl(embedded.jdbcUrl("fremis"));
                fremis.setUser("postgres");
                fremis.setPassword("");
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
