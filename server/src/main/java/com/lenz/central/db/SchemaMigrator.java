package com.lenz.central.db;

import io.dropwizard.db.DataSourceFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import liquibase.Contexts;
import liquibase.Liquibase;
import liquibase.Scope;
import liquibase.UpdateSummaryOutputEnum;
import liquibase.ui.LoggerUIService;
import liquibase.database.Database;
import liquibase.database.DatabaseFactory;
import liquibase.database.jvm.JdbcConnection;
import liquibase.resource.ClassLoaderResourceAccessor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies a Liquibase changelog at start. The same changelog runs from the command line with
 * {@code java -jar lenz-central.jar db migrate config.yml}. Liquibase's lock table serializes servers
 * that start together on one database. A start skips Liquibase when the database already holds this exact
 * changelog ({@link AppliedChangelogs}); {@code db migrate} always runs it.
 */
public final class SchemaMigrator {

    /** The Lenz database: enrolled_face, face_image and the server's own tables. */
    public static final String LENZ_CHANGELOG = "migrations.xml";
    /** The Fremis database, only where this server owns that schema. */
    public static final String FREMIS_CHANGELOG = "fremis-migrations.xml";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private SchemaMigrator() {
    }

    /**
     * Brings the database of {@code factory} up to {@code changelog}, on a connection of its own. Liquibase
     * is not started when the database already holds exactly this changelog, completely applied (see
     * {@link AppliedChangelogs}): starting it only to find nothing to do was the largest part of a restart.
     *
     * @return true when Liquibase ran, false when it was skipped
     */
    public static boolean migrate(DataSourceFactory factory, String changelog) throws Exception {
        Properties props = new Properties();
        props.putAll(factory.getProperties());
        if (factory.getUser() != null) {
            props.setProperty("user", factory.getUser());
        }
        if (factory.getPassword() != null) {
            props.setProperty("password", factory.getPassword());
        }
        Optional<ChangelogFingerprint> fingerprint = ChangelogFingerprint.of(changelog, SchemaMigrator.class.getClassLoader());
        try (Connection connection = DriverManager.getConnection(factory.getUrl(), props)) {
            if (fingerprint.isPresent() && AppliedChangelogs.isApplied(connection, fingerprint.get())) {
                LOG.info("{} ({} changesets, sha256 {}) is already applied to this database: Liquibase not started",
                        changelog, fingerprint.get().changesets().size(), fingerprint.get().sha256().substring(0, 12));
                return false;
            }
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            try (Liquibase liquibase = new Liquibase(changelog, new ClassLoaderResourceAccessor(), database)) {
                // Liquibase prints "Running Changeset" and its summary straight to stdout unless told to use
                // its logger: then they are log lines (logger liquibase.ui) in the chosen format.
                liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
                Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), () -> liquibase.update(new Contexts()));
            }
        }
        if (fingerprint.isPresent()) {
            // on a connection of its own: Liquibase closed the one it was given
            try (Connection connection = DriverManager.getConnection(factory.getUrl(), props)) {
                AppliedChangelogs.record(connection, fingerprint.get());
            } catch (SQLException e) {
                LOG.info("could not record that {} is applied ({}): Liquibase will run at every start", changelog,
                        e.getMessage());
            }
        } else {
            LOG.info("{} has a shape the start-up check does not read: Liquibase runs at every start", changelog);
        }
        return true;
    }
}
