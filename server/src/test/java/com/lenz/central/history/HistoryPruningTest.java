package com.lenz.central.history;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.LogCapture;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.SharedPostgres;
import com.lenz.central.testing.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Retention: expired executions (with their node results), events and export files disappear in the
 * background; fresh ones and running executions stay; {@code 0} keeps everything; a server that cannot
 * take the prune lock (another server prunes) deletes nothing, and two servers on one database prune
 * without conflicts.
 */
class HistoryPruningTest {

    private static final long PRUNE_LOCK = 0x4C454E5A48495354L;
    private static final PgCluster CLUSTER = SharedPostgres.cluster();
    private static final String LENZ_DB = SharedPostgres.newDatabase("lenz");
    private static final String FREMIS_DB = SharedPostgres.newDatabase("fremis");
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = pruning(TestServer.builder()).start();
        sql("INSERT INTO workflows (id, name, trigger_type) VALUES ('wf', 'history', 'manual')");
    }

    private static TestServer.Builder pruning(TestServer.Builder builder) {
        return builder.databases(CLUSTER.jdbcUrl(LENZ_DB), CLUSTER.jdbcUrl(FREMIS_DB))
                .set("history.pruneInterval", "200ms").set("history.pruneBatchSize", "50")
                // config.yml's defaults (test servers keep everything unless told)
                .set("history.executionsRetention", "30d").set("history.eventsRetention", "90d")
                .set("history.exportsRetention", "30d");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void expiredExecutionsEventsAndExportsGoFreshOnesAndRunningExecutionsStay() throws Exception {
        insertExecutions("old", 230, "now() - interval '40 days'", "success");
        sql("INSERT INTO workflow_executions (id, workflow_id, trigger_type, status, started_at, heartbeat_at) "
                + "VALUES ('old-running', 'wf', 'manual', 'running', now() - interval '40 days', now() + interval '1 day')");
        insertExecutions("fresh", 3, "now() - interval '29 days'", "failed");
        sql("INSERT INTO event_history (analytic_type, event_time) SELECT 'FR', now() - interval '100 days' "
                + "FROM generate_series(1, 120)",
                "INSERT INTO event_history (analytic_type, event_time) VALUES ('FR-fresh', now() - interval '89 days')");
        Path exports = Path.of(server.setting("exportDir"));
        Path oldFile = file(exports.resolve("fr/2025-01-01.csv"), Duration.ofDays(40));
        Path freshFile = file(exports.resolve("fr/2025-03-01.csv"), Duration.ofDays(29));
        Path oldFolder = exports.resolve("old-only");
        file(oldFolder.resolve("a.json"), Duration.ofDays(31));
        Files.setLastModifiedTime(oldFolder, FileTime.from(Instant.now().minus(Duration.ofDays(31))));

        await("expired history removed", () -> count("SELECT count(*) FROM workflow_executions WHERE id LIKE 'old-%'") == 1
                && count("SELECT count(*) FROM event_history WHERE analytic_type = 'FR'") == 0
                && !Files.exists(oldFile) && !Files.exists(oldFolder));

        assertThat(count("SELECT count(*) FROM workflow_executions WHERE id = 'old-running'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM workflow_node_results WHERE execution_id LIKE 'old-%'")).isZero();
        assertThat(count("SELECT count(*) FROM workflow_executions WHERE id LIKE 'fresh-%'")).isEqualTo(3);
        assertThat(count("SELECT count(*) FROM workflow_node_results WHERE execution_id LIKE 'fresh-%'")).isEqualTo(6);
        assertThat(count("SELECT count(*) FROM event_history WHERE analytic_type = 'FR-fresh'")).isEqualTo(1);
        assertThat(freshFile).exists();

        JsonNode metrics = server.adminPortClient().get("/metrics").json();
        assertThat(metrics.at("/meters/history.pruned.executions/count").asLong()).isGreaterThanOrEqualTo(230);
        assertThat(metrics.at("/meters/history.pruned.events/count").asLong()).isGreaterThanOrEqualTo(120);
        assertThat(metrics.at("/meters/history.pruned.exports/count").asLong()).isGreaterThanOrEqualTo(2);
        await("pruning healthy", () -> health(server).get("healthy").asBoolean());
    }

    @Test
    void aServerThatCannotTakeThePruneLockDeletesNothingAndShowsItIsBehind() throws Exception {
        try (Connection other = CLUSTER.connect(LENZ_DB)) {
            // Another server's pass holds the lock (taken between two of this server's passes: one may hold it now).
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!query(other, "SELECT pg_try_advisory_lock(" + PRUNE_LOCK + ")").equals("t")) {
                assertThat(System.nanoTime()).as("took the prune lock within 30 s").isLessThan(deadline);
                Thread.sleep(20);
            }
            insertExecutions("locked", 60, "now() - interval '100 days'", "failed");
            long busy = counter(server, "history.prune.lock_busy");
            await("passes found the lock taken", () -> counter(server, "history.prune.lock_busy") >= busy + 2);
            assertThat(count("SELECT count(*) FROM workflow_executions WHERE id LIKE 'locked-%'")).isEqualTo(60);
            JsonNode health = health(server);
            assertThat(health.get("healthy").asBoolean()).isFalse();
            assertThat(health.get("message").asText()).contains("pruning is behind", "the oldest execution");

            query(other, "SELECT pg_advisory_unlock(" + PRUNE_LOCK + ")");
        }
        await("pruned once the lock is free", () -> count("SELECT count(*) FROM workflow_executions WHERE id LIKE 'locked-%'") == 0);
        await("healthy again", () -> health(server).get("healthy").asBoolean());
    }

    @Test
    void twoServersOnOneDatabasePruneWithoutConflicts() {
        try (LogCapture logs = LogCapture.capture(); TestServer second = pruning(TestServer.builder()).start()) {
            logs.attach();
            insertExecutions("pair", 1500, "now() - interval '50 days'", "success");
            await("both servers' passes together removed everything",
                    () -> count("SELECT count(*) FROM workflow_executions WHERE id LIKE 'pair-%'") == 0);
            assertThat(count("SELECT count(*) FROM workflow_node_results WHERE execution_id LIKE 'pair-%'")).isZero();
            assertThat(counter(second, "history.prune.passes")).isPositive();
            assertThat(logs.text()).doesNotContain("history pruning failed");
        }
    }

    @Test
    void zeroKeepsEverythingForever() throws Exception {
        String lenz = SharedPostgres.newDatabase("lenz");
        Path exports = Files.createTempDirectory("lenz-exports-keep-");
        try (TestServer keeping = TestServer.builder().databases(CLUSTER.jdbcUrl(lenz), CLUSTER.jdbcUrl(FREMIS_DB))
                .set("exportDir", exports.toString()).set("history.pruneInterval", "200ms")
                .set("history.executionsRetention", "0").set("history.eventsRetention", "0")
                .set("history.exportsRetention", "0").start()) {
            CLUSTER.execute(lenz, "INSERT INTO workflows (id, name, trigger_type) VALUES ('wf', 'keep', 'manual')",
                    "INSERT INTO workflow_executions (id, workflow_id, trigger_type, status, started_at, finished_at) "
                            + "VALUES ('ancient', 'wf', 'manual', 'success', now() - interval '3 years', "
                            + "now() - interval '3 years')",
                    "INSERT INTO event_history (analytic_type, event_time) VALUES ('FR', now() - interval '3 years')");
            Path ancient = file(exports.resolve("ancient.csv"), Duration.ofDays(1000));
            long passes = counter(keeping, "history.prune.passes");
            await("two passes ran", () -> counter(keeping, "history.prune.passes") >= passes + 2);
            try (Connection c = CLUSTER.connect(lenz)) {
                assertThat(query(c, "SELECT count(*) FROM workflow_executions")).isEqualTo("1");
                assertThat(query(c, "SELECT count(*) FROM event_history")).isEqualTo("1");
            }
            assertThat(ancient).exists();
            assertThat(health(keeping).get("healthy").asBoolean()).isTrue();
        }
    }

    /** {@code n} ended executions {@code prefix-i} started (and ended) at {@code startedAt}, two node results each. */
    private static void insertExecutions(String prefix, int n, String startedAt, String status) {
        // One statement: a pass between two would see the executions without their node results.
        sql("WITH e AS (INSERT INTO workflow_executions (id, workflow_id, trigger_type, status, started_at, finished_at) "
                + "SELECT '" + prefix + "-' || i, 'wf', 'manual', '" + status + "', " + startedAt + ", " + startedAt
                + " FROM generate_series(1, " + n + ") AS i RETURNING id) "
                + "INSERT INTO workflow_node_results (execution_id, position, node_id, node_type, status, attempts) "
                + "SELECT e.id, p, 'n' || p, 'set', 'success', 1 FROM e, generate_series(0, 1) AS p");
    }

    private static Path file(Path path, Duration age) throws IOException {
        Files.createDirectories(path.getParent());
        Files.writeString(path, "a,b\n");
        Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(age)));
        return path;
    }

    private static JsonNode health(TestServer s) {
        return s.adminPortClient().get("/healthcheck").json().get("history-pruning");
    }

    private static long counter(TestServer s, String name) {
        return s.adminPortClient().get("/metrics").json().at("/counters/" + name + "/count").asLong();
    }

    private static void sql(String... statements) {
        CLUSTER.execute(LENZ_DB, statements);
    }

    private static long count(String sql) {
        try (Connection c = CLUSTER.connect(LENZ_DB)) {
            return Long.parseLong(query(c, sql));
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String query(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
