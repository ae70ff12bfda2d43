package com.lenz.central.cluster;

import static com.lenz.central.workflow.WorkflowBodies.manual;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static com.lenz.central.workflow.WorkflowBodies.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.TestServer;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Servers on a primary and a streaming standby, reached through a multi-host URL: the primary dies, the
 * standby is promoted while requests come in. The servers answer 503 during the switch (never 500, never
 * a hang), serve again within seconds without a restart, and the scheduler resumes without running an
 * occurrence twice. What is lost depends on the replication mode, and each test says which.
 */
@Tag("cluster")
class FailoverTest {

    /** Bound on any one request during the switch: connect and socket timeouts, not a hang. */
    private static final long MAX_REQUEST_MS = 20_000;
    /** Bound on serving again after the promotion, on this loaded machine (a few seconds when idle). */
    private static final long BACK_WITHIN_MS = 20_000;

    /** A primary (synchronous_commit on, as in production) and its standby "standby1". */
    private record Pair(PgCluster primary, PgCluster standby, String lenzUrl, String fremisUrl) implements AutoCloseable {
        static Pair start() {
            PgCluster primary = PgCluster.start(Map.of("synchronous_commit", "on"));
            primary.createDatabase("lenz");
            primary.createDatabase("fremis");
            PgCluster standby = primary.startStandby("standby1", Map.of());
            String hosts = "jdbc:postgresql://127.0.0.1:" + primary.port() + ",127.0.0.1:" + standby.port() + "/";
            // hostRecheckSeconds: how long pgjdbc trusts what it learnt of a host (primary or standby).
            String params = "?targetServerType=primary&hostRecheckSeconds=2";
            return new Pair(primary, standby, hosts + "lenz" + params, hosts + "fremis" + params);
        }

        TestServer server() {
            return TestServer.builder().withTestPlugins().databases(lenzUrl, fremisUrl).start();
        }

        @Override
        public void close() {
            standby.close();
            primary.close();
        }
    }

    /** Writes (workflow creations) sent round-robin to the servers until stopped, with what each got. */
    private static final class Traffic implements AutoCloseable {
        final List<ApiClient> clients;
        final Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        final List<String> unexpected = new CopyOnWriteArrayList<>();
        final List<long[]> answers = new CopyOnWriteArrayList<>(); // {at ms, status, took ms}
        final AtomicBoolean stop = new AtomicBoolean();
        final Thread thread;

        Traffic(List<ApiClient> clients) {
            this.clients = clients;
            thread = new Thread(this::run, "failover-traffic");
            thread.start();
        }

        private void run() {
            int i = 0;
            while (!stop.get()) {
                ApiClient client = clients.get(i++ % clients.size());
                long start = System.currentTimeMillis();
                int status;
                try {
                    ApiClient.Response r = client.post("/api/workflows", manual("traffic " + i, node("a", "echo", Map.of())));
                    status = r.status();
                    if (status == 201) {
                        acknowledged.put(r.json().get("data").get("id").asText(), System.currentTimeMillis());
                    } else if (status != 503) {
                        unexpected.add(r.toString());
                    }
                } catch (RuntimeException e) {
                    status = -1;
                    unexpected.add(e.toString());
                }
                long end = System.currentTimeMillis();
                answers.add(new long[] {end, status, end - start});
                sleep(status == 201 ? 50 : 100);
            }
        }

        /** Milliseconds from {@code since} to the first write acknowledged after it, or -1. */
        long firstSuccessAfter(long since) {
            return answers.stream().filter(a -> a[0] > since && a[1] == 201).mapToLong(a -> a[0] - since).min().orElse(-1);
        }

        long count(int status, long after) {
            return answers.stream().filter(a -> a[0] > after && a[1] == status).count();
        }

        /** One line for the build log: what the clients saw of the switch. */
        void report(String mode, long crashedAt, long promotedAt) {
            System.out.println(mode + " failover: " + count(503, crashedAt) + " answers 503 after the crash, first 201 "
                    + firstSuccessAfter(promotedAt) + " ms after the promotion, slowest request " + slowest() + " ms, "
                    + unexpected.size() + " other answers");
        }

        long slowest() {
            return answers.stream().mapToLong(a -> a[2]).max().orElse(0);
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join(60_000);
        }
    }

    @Test
    void asynchronousStandbyPromotedWhileTrafficRunsServesAgainWithinSecondsAndRunsNoOccurrenceTwice() throws Exception {
        try (Pair pair = Pair.start(); TestServer a = pair.server(); TestServer b = pair.server()) {
            String scheduled = createSchedule(a.admin());
            Traffic traffic = new Traffic(List.of(a.admin(), b.admin()));
            long crashedAt;
            long promotedAt;
            try (traffic) {
                awaitAcknowledged(traffic, 10);
                Thread.sleep(2_000); // the schedule fires a few times on the old primary
                crashedAt = System.currentTimeMillis();
                pair.primary().crash();
                Thread.sleep(2_000); // the switch: no primary at all
                pair.standby().promote();
                promotedAt = System.currentTimeMillis();
                awaitAcknowledgedAfter(traffic, promotedAt, 10);
            }

            assertServedThroughTheSwitch(traffic, "asynchronous", crashedAt, promotedAt);

            try (Connection c = pair.standby().connect("lenz")) {
                // Asynchronous: writes acknowledged in the last moments before the crash may be missing (the
                // standby had not received them); nothing acknowledged after the promotion is.
                Set<String> present = ids(c);
                List<String> lost = new ArrayList<>();
                traffic.acknowledged.forEach((id, at) -> {
                    if (!present.contains(id)) {
                        lost.add(id);
                        assertThat(at).as("a lost write was acknowledged shortly before the crash").isLessThanOrEqualTo(crashedAt + 1_000)
                                .isGreaterThan(crashedAt - 5_000);
                    }
                });
                System.out.println("asynchronous failover: " + lost.size() + " of " + traffic.acknowledged.size()
                        + " acknowledged writes lost");
                assertSchedulerResumedWithoutDuplicates(c, scheduled, promotedAt);
            }
        }
    }

    /** 503 during the switch and nothing else but 201, never a hang, and serving again soon after the promotion. */
    private static void assertServedThroughTheSwitch(Traffic traffic, String label, long crashedAt, long promotedAt) {
        traffic.report(label, crashedAt, promotedAt);
        assertThat(traffic.unexpected).as("answers other than 201 and 503").isEmpty();
        assertThat(traffic.count(503, crashedAt)).as("503 during the switch").isPositive();
        assertThat(traffic.slowest()).as("slowest request, ms").isLessThan(MAX_REQUEST_MS);
        assertThat(traffic.firstSuccessAfter(promotedAt)).as("ms from promotion to serving").isBetween(0L, BACK_WITHIN_MS);
    }

    @Test
    void synchronousStandbyPromotedWhileTrafficRunsLosesNothingAcknowledged() throws Exception {
        try (Pair pair = Pair.start()) {
            // Commits wait until the standby has the WAL: an acknowledged write survives the primary.
            pair.primary().execute("postgres", "ALTER SYSTEM SET synchronous_standby_names = 'standby1'",
                    "SELECT pg_reload_conf()");
            try (TestServer a = pair.server(); TestServer b = pair.server()) {
                String scheduled = createSchedule(b.admin());
                Traffic traffic = new Traffic(List.of(a.admin(), b.admin()));
                long crashedAt;
                long promotedAt;
                try (traffic) {
                    awaitAcknowledged(traffic, 20);
                    crashedAt = System.currentTimeMillis();
                    pair.primary().crash();
                    Thread.sleep(2_000); // the switch: no primary at all
                    pair.standby().promote();
                    promotedAt = System.currentTimeMillis();
                    awaitAcknowledgedAfter(traffic, promotedAt, 5);
                }
                assertServedThroughTheSwitch(traffic, "synchronous", crashedAt, promotedAt);
                try (Connection c = pair.standby().connect("lenz")) {
                    assertThat(ids(c)).as("every acknowledged write is on the promoted standby")
                            .containsAll(traffic.acknowledged.keySet());
                    assertSchedulerResumedWithoutDuplicates(c, scheduled, promotedAt);
                }
            }
        }
    }

    @Test
    void asynchronousReplicationLosesWritesAcknowledgedWhileTheStandbyWasBehind() throws Exception {
        try (Pair pair = Pair.start(); TestServer a = pair.server()) {
            ApiClient admin = a.admin();
            String before = created(admin, "before");
            awaitRow(pair.standby(), before);
            pair.standby().stop(); // the standby falls behind (here: all the way)
            String acknowledged = created(admin, "acknowledged, then lost");
            pair.primary().crash();
            pair.standby().startAgain();
            pair.standby().promote();

            try (Connection c = pair.standby().connect("lenz")) {
                Set<String> present = ids(c);
                assertThat(present).contains(before);
                assertThat(present).as("a write the standby never received is gone with the primary").doesNotContain(acknowledged);
            }
        }
    }

    @Test
    void connectionsToAPrimaryDemotedToReadOnlyAreDroppedAndTheNewPrimaryServes() throws Exception {
        try (Pair pair = Pair.start(); TestServer a = pair.server()) {
            ApiClient admin = a.admin();
            for (int i = 0; i < 5; i++) {
                created(admin, "warm " + i); // the pool holds connections to the primary
            }
            // A switchover: the standby is promoted and the old primary keeps running, read-only (as a
            // fenced old primary or one restarted as a standby does); pooled connections still reach it.
            pair.standby().promote();
            pair.primary().execute("postgres", "ALTER SYSTEM SET default_transaction_read_only = on", "SELECT pg_reload_conf()");
            awaitReadOnly(pair.primary());

            List<Integer> statuses = new ArrayList<>();
            String written = null;
            long deadline = System.currentTimeMillis() + BACK_WITHIN_MS;
            while (written == null && System.currentTimeMillis() < deadline) {
                ApiClient.Response r = admin.post("/api/workflows", manual("after switchover", node("a", "echo", Map.of())));
                statuses.add(r.status());
                if (r.status() == 201) {
                    written = r.json().get("data").get("id").asText();
                } else {
                    Thread.sleep(200);
                }
            }
            assertThat(statuses).as("answers while the pool held read-only connections").doesNotContain(500);
            assertThat(written).as("a write reached the new primary; answers: " + statuses).isNotNull();
            try (Connection c = pair.standby().connect("lenz")) {
                assertThat(ids(c)).contains(written);
            }
        }
    }

    /** The reload reached the postmaster (a new session sees it), and a moment for it to reach every backend. */
    private static void awaitReadOnly(PgCluster cluster) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = cluster.connect("lenz"); ResultSet rs = c.createStatement().executeQuery("SHOW default_transaction_read_only")) {
                rs.next();
                if (rs.getString(1).equals("on")) {
                    Thread.sleep(1_000);
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the old primary never became read-only");
    }

    private static String createSchedule(ApiClient admin) {
        ApiClient.Response r = admin.post("/api/workflows", workflow("every second", Map.of("type", "schedule",
                "config", Map.of("cron", "* * * * * *")), node("a", "echo", Map.of())));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("data").get("id").asText();
    }

    private static void assertSchedulerResumedWithoutDuplicates(Connection c, String workflow, long promotedAt) throws Exception {
        long deadline = System.currentTimeMillis() + BACK_WITHIN_MS;
        long after = 0;
        while (System.currentTimeMillis() < deadline && after < 3) {
            after = count(c, "SELECT count(*) FROM schedule_claims WHERE workflow_id = '" + workflow
                    + "' AND outcome = 'started' AND scheduled_for > to_timestamp(" + promotedAt / 1000.0 + ")");
            Thread.sleep(500);
        }
        assertThat(after).as("occurrences started after the promotion").isGreaterThanOrEqualTo(3);
        // One claim per occurrence (its primary key), and never more executions than claimed occurrences.
        long executions = count(c, "SELECT count(*) FROM workflow_executions WHERE workflow_id = '" + workflow + "'");
        long claimed = count(c, "SELECT count(*) FROM schedule_claims WHERE workflow_id = '" + workflow + "'");
        long linked = count(c, "SELECT count(DISTINCT execution_id) FROM schedule_claims WHERE workflow_id = '" + workflow
                + "' AND execution_id IS NOT NULL");
        assertThat(executions).as("executions of the schedule").isLessThanOrEqualTo(claimed);
        assertThat(count(c, "SELECT count(*) FROM (SELECT execution_id FROM schedule_claims WHERE execution_id IS NOT NULL "
                + "GROUP BY execution_id HAVING count(*) > 1) twice")).isZero();
        assertThat(linked).isPositive();
    }

    private static String created(ApiClient admin, String name) {
        ApiClient.Response r = admin.post("/api/workflows", manual(name, node("a", "echo", Map.of())));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("data").get("id").asText();
    }

    private static void awaitRow(PgCluster cluster, String id) throws Exception {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            try (Connection c = cluster.connect("lenz")) {
                if (ids(c).contains(id)) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the standby never received " + id);
    }

    private static void awaitAcknowledged(Traffic traffic, int n) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (traffic.acknowledged.size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        assertThat(traffic.acknowledged.size()).as("writes before the failover").isGreaterThanOrEqualTo(n);
    }

    private static void awaitAcknowledgedAfter(Traffic traffic, long since, int n) throws InterruptedException {
        long deadline = since + BACK_WITHIN_MS + 30_000;
        while (traffic.count(201, since) < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
    }

    private static Set<String> ids(Connection c) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM workflows")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
