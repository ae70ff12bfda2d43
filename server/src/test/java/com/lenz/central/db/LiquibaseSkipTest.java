package com.lenz.central.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.LogCapture;
import com.lenz.central.testing.SharedPostgres;
import io.dropwizard.db.DataSourceFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A start skips Liquibase when the database already holds exactly this changelog, and runs it whenever
 * anything differs: a changed changelog (a newer server), a stored fingerprint that does not match, a
 * changeset row gone, Liquibase's lock held.
 */
class LiquibaseSkipTest {

    /** migrations.xml plus one changeset (a table skiptest_extra): what a newer server brings. */
    private static final String NEWER = "migrations-skiptest.xml";

    private String database;
    private DataSourceFactory factory;

    @BeforeEach
    void freshDatabase() {
        database = SharedPostgres.newDatabase("liquibase_skip");
        factory = new DataSourceFactory();
        factory.setUrl(SharedPostgres.cluster().jdbcUrl(database));
        factory.setUser("postgres");
        factory.setPassword("");
    }

    @Test
    void aRestartWithTheSameChangelogDoesNotStartLiquibase() throws Exception {
        assertThat(SchemaMigrator.migrate(factory, SchemaMigrator.LENZ_CHANGELOG)).as("first start").isTrue();

        try (LogCapture log = LogCapture.capture()) {
            assertThat(SchemaMigrator.migrate(factory, SchemaMigrator.LENZ_CHANGELOG)).as("restart").isFalse();
            assertThat(log.text())
                    .contains("migrations.xml (" + countChangesets() + " changesets, sha256 ")
                    .contains("is already applied to this database: Liquibase not started")
                    .as("no line from Liquibase: it did not start").doesNotContain(" liquibase.");
        }
    }

    @Test
    void aNewerChangelogRunsLiquibaseAndAppliesItsChangeset() throws Exception {
        SchemaMigrator.migrate(factory, SchemaMigrator.LENZ_CHANGELOG);

        assertThat(SchemaMigrator.migrate(factory, NEWER)).as("upgraded server").isTrue();
        assertThat(query("SELECT to_regclass('skiptest_extra')::text")).isEqualTo("skiptest_extra");
        assertThat(SchemaMigrator.migrate(factory, NEWER)).as("upgraded server again").isFalse();

        // a server not upgraded yet, sharing the database: its own changelog is still all there
        assertThat(SchemaMigrator.migrate(factory, SchemaMigrator.LENZ_CHANGELOG)).isFalse();
        assertThat(SchemaMigrator.migrate(factory, NEWER)).isFalse();
    }

    @Test
    void aStoredFingerprintThatDiffersRunsLiquibase() throws Exception {
        SchemaMigrator.migrate(factory, NEWER);
        execute("COMMENT ON TABLE databasechangelog IS '" + AppliedChangelogs.HEADER + "\n" + NEWER + " "
                + "0".repeat(64) + "'");

        assertThat(SchemaMigrator.migrate(factory, NEWER)).isTrue();
        assertThat(SchemaMigrator.migrate(factory, NEWER)).as("recorded again by that run").isFalse();
    }

    @Test
    void aChangesetRowGoneRunsLiquibaseWhichAppliesItAgain() throws Exception {
        SchemaMigrator.migrate(factory, NEWER);
        // what a `db rollback` of the last changeset leaves
        execute("DROP TABLE skiptest_extra", "DELETE FROM databasechangelog WHERE id = '900-skiptest-extra'");

        assertThat(SchemaMigrator.migrate(factory, NEWER)).isTrue();
        assertThat(query("SELECT to_regclass('skiptest_extra')::text")).isEqualTo("skiptest_extra");
    }

    @Test
    void liquibaseRunsWhileAnotherServerHoldsItsLock() throws Exception {
        SchemaMigrator.migrate(factory, SchemaMigrator.LENZ_CHANGELOG);
        ChangelogFingerprint fingerprint = ChangelogFingerprint.of(SchemaMigrator.LENZ_CHANGELOG,
                getClass().getClassLoader()).orElseThrow();
        try (Connection c = SharedPostgres.cluster().connect(database)) {
            assertThat(AppliedChangelogs.isApplied(c, fingerprint)).isTrue();
            execute("UPDATE databasechangeloglock SET locked = true, lockgranted = now(), lockedby = 'another server'");
            assertThat(AppliedChangelogs.isApplied(c, fingerprint)).as("it waits for that migration, as before").isFalse();
        }
    }

    @Test
    void anEmptyDatabaseIsNotMistakenForAMigratedOne() throws Exception {
        ChangelogFingerprint fingerprint = ChangelogFingerprint.of(SchemaMigrator.LENZ_CHANGELOG,
                getClass().getClassLoader()).orElseThrow();
        try (Connection c = SharedPostgres.cluster().connect(database)) {
            assertThat(AppliedChangelogs.isApplied(c, fingerprint)).isFalse();
        }
    }

    @Test
    void theFingerprintCoversEveryIncludedFileAndChangeset() throws Exception {
        ChangelogFingerprint lenz = ChangelogFingerprint.of(SchemaMigrator.LENZ_CHANGELOG, getClass().getClassLoader()).orElseThrow();
        ChangelogFingerprint newer = ChangelogFingerprint.of(NEWER, getClass().getClassLoader()).orElseThrow();

        assertThat(newer.sha256()).isNotEqualTo(lenz.sha256());
        assertThat(newer.changesets()).containsAll(lenz.changesets())
                .contains("migrations/skiptest/900-extra.sql::lenz::900-skiptest-extra");
        assertThat(lenz.changesets()).contains("migrations/lenz/004-workflows.sql::lenz::004-workflows");
    }

    private long countChangesets() throws SQLException {
        return Long.parseLong(query("SELECT count(*) FROM databasechangelog"));
    }

    private String query(String sql) throws SQLException {
        try (Connection c = SharedPostgres.cluster().connect(database); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private void execute(String... statements) {
        SharedPostgres.cluster().execute(database, statements);
    }
}
