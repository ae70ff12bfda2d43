package com.lenz.central.db;

import io.dropwizard.db.DataSourceFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.Map;
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

/**
 * Applies a Liquibase changelog at start. The same changelog runs from the command line with
 * {@code java -jar lenz-central.jar db migrate config.yml}. Liquibase's lock table serializes servers
 * that start together on one database.
 */
public final class SchemaMigrator {

    /** The Lenz database: enrolled_face, face_image and the server's own tables. */
    public static final String LENZ_CHANGELOG = "migrations.xml";
    /** The Fremis database, only where this server owns that schema. */
    public static final String FREMIS_CHANGELOG = "fremis-migrations.xml";

    private SchemaMigrator() {
    }

    /** Brings the database of {@code factory} up to {@code changelog}, on a connection of its own. */
    public static void migrate(DataSourceFactory factory, String changelog) throws Exception {
        Properties props = new Properties();
        props.putAll(factory.getProperties());
        if (factory.getUser() != null) {
            props.setProperty("user", factory.getUser());
        }
        if (factory.getPassword() != null) {
            props.setProperty("password", factory.getPassword());
        }
        try (Connection connection = DriverManager.getConnection(factory.getUrl(), props)) {
            Database database = DatabaseFactory.getInstance()
                    .findCorrectDatabaseImplementation(new JdbcConnection(connection));
            try (Liquibase liquibase = new Liquibase(changelog, new ClassLoaderResourceAccessor(), database)) {
                // Liquibase prints "Running Changeset" and its summary straight to stdout unless told to use
                // its logger: then they are log lines (logger liquibase.ui) in the chosen format.
                liquibase.setShowSummaryOutput(UpdateSummaryOutputEnum.LOG);
                Scope.child(Map.of(Scope.Attr.ui.name(), new LoggerUIService()), () -> liquibase.update(new Contexts()));
            }
        }
    }
}
