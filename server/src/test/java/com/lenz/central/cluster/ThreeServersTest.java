package com.lenz.central.cluster;

import static com.lenz.central.testing.Polling.await;
import static com.lenz.central.workflow.WorkflowBodies.manual;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static com.lenz.central.workflow.WorkflowBodies.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.ServerProcess;
import com.lenz.central.testing.SharedPostgres;
import com.lenz.central.testing.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three servers on one database, requests spread round-robin: two in this JVM and one in its own JVM
 * (as an operator runs it), which the last test kills with SIGKILL. Whatever is sent to one server takes
 * effect on all, and no trigger runs twice.
 */
@Tag("cluster")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeServersTest {

    /** Every server must share these two (README, "Running several servers"). */
    private static final String CREDENTIALS_KEY = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private static final String LENZ_DB = SharedPostgres.newDatabase("lenz");
    private static final String STALE_AFTER = "3s";
    private static final String HOOK_TOKEN = "three-servers-hook-token";
    private static TestServer a;
    private static TestServer b;
    private static ServerProcess c;
    private static List<ApiClient> admins;
    private static int turn;

    @BeforeAll
    static void start() {
        PgCluster cluster = SharedPostgres.cluster();
        String lenz = cluster.jdbcUrl(LENZ_DB);
        String fremis = cluster.jdbcUrl(SharedPostgres.newDatabase("fremis"));
        a = inJvm(lenz, fremis);
        b = inJvm(lenz, fremis);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATABASE_URL", lenz);
        env.put("DATABASE_USER", "postgres");
        env.put("FREMIS_DATABASE_URL", fremis);
        env.put("FREMIS_DATABASE_USER", "postgres");
        env.put("PLUGINS_DIR", TestServer.pluginsWithTestNodes().toString());
        env.put("CREDENTIALS_KEY", CREDENTIALS_KEY);
        env.put("WORKFLOW_HEARTBEAT_INTERVAL", "200ms");
        env.put("WORKFLOW_STALE_AFTER", STALE_AFTER);
        c = ServerProcess.create(env).start();
        admins = List.of(a.admin(), b.admin(), c.admin());
    }

    private static TestServer inJvm(String lenz, String fremis) {
        return TestServer.builder().withTestPlugins().databases(lenz, fremis).set("credentialsKey", CREDENTIALS_KEY)
                .set("workflows.heartbeatInterval", "200ms").set("workflows.staleAfter", STALE_AFTER).start();
    }

    @AfterAll
    static void stop() {
        a.close();
        b.close();
        c.close();
    }

    /** The next server's admin client, round-robin. */
    private static synchronized ApiClient next() {
        return admins.get(turn++ % admins.size());
    }

    @Test
    @Order(1)
    void schedulesFireEachOccurrenceOnceAndStopOnAllServersWhenDeactivatedOnOne() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add(create(next(), workflow("every second " + i, Map.of("type", "schedule", "config", Map.of("cron", "* * * * * *")),
                    node("a", "echo", Map.of("text", "{{trigger.scheduled_for}}")))));
        }
        await(Duration.ofSeconds(60), "five occurrences of each", () -> ids.stream().allMatch(id -> claims(id) >= 5));
        for (String id : ids) {
            Map<String, Object> body = workflow("stopped", Map.of("type", "schedule", "config", Map.of("cron", "* * * * * *")),
                    node("a", "echo", Map.of("text", "x")));
            body.put("is_active", false);
            assertThat(next().put("/api/workflows/" + id, body).status()).isEqualTo(200);
        }
        // Each server re-reads the active schedules at every tick (1 s): within 2 s, none fires any more.
        Thread.sleep(2_000);
        Map<String, Long> stopped = new HashMap<>();
        ids.forEach(id -> stopped.put(id, claims(id)));
        Thread.sleep(3_000);
        ids.forEach(id -> assertThat(claims(id)).as("occurrences claimed after the deactivation").isEqualTo(stopped.get(id)));

        try (Connection db = SharedPostgres.cluster().connect(LENZ_DB)) {
            // Which servers won the claims is a race (a server claims a whole second's burst in one tick), so it is
            // not asserted; that no occurrence ran twice or went missing, whoever claimed it, is.
            for (String id : ids) {
                String where = " FROM schedule_claims WHERE workflow_id = '" + id + "'";
                long claimed = count(db, "SELECT count(*)" + where);
                assertThat(count(db, "SELECT count(DISTINCT scheduled_for)" + where)).isEqualTo(claimed);
                assertThat(count(db, "SELECT extract(epoch FROM max(scheduled_for) - min(scheduled_for))::int + 1" + where))
                        .as("no second missing").isEqualTo(claimed);
                assertThat(count(db, "SELECT count(*) FROM workflow_executions WHERE workflow_id = '" + id + "'"))
                        .as("one execution per started occurrence")
                        .isEqualTo(count(db, "SELECT count(*)" + where + " AND outcome = 'started'"));
            }
        }
    }

    @Test
    @Order(2)
    void eachEventTriggersEachMatchingWorkflowOnceAndADeactivationOnOneServerHoldsOnAll() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ids.add(create(next(), workflow("on FR " + i, Map.of("type", "event", "config", Map.of("analytic_type", "FR")),
                    node("a", "echo", Map.of("text", "{{trigger.event.data.name}}")))));
        }
        for (int i = 0; i < 30; i++) {
            assertThat(next().post("/api/events", Map.of("events", List.of(event("person-" + i)))).status()).isEqualTo(200);
        }
        await(Duration.ofSeconds(60), "30 ended runs of each", () -> ids.stream().allMatch(id -> ended(id) == 30));
        for (String id : ids) {
            List<String> names = new ArrayList<>();
            runs(id).forEach(run -> names.add(run.get("node_results").get(0).get("output").get("text").asText()));
            assertThat(names).as("events that started workflow " + id).hasSize(30).doesNotHaveDuplicates();
        }

        String deactivated = ids.get(0);
        Map<String, Object> body = workflow("off", Map.of("type", "event", "config", Map.of("analytic_type", "FR")),
                node("a", "echo", Map.of("text", "x")));
        body.put("is_active", false);
        assertThat(next().put("/api/workflows/" + deactivated, body).status()).isEqualTo(200);
        for (int i = 30; i < 39; i++) {
            assertThat(next().post("/api/events", Map.of("events", List.of(event("person-" + i)))).status()).isEqualTo(200);
        }
        await(Duration.ofSeconds(60), "the active ones ran the new events", () -> ended(ids.get(1)) == 39 && ended(ids.get(2)) == 39);
        assertThat(total(deactivated)).as("runs of the workflow deactivated through one server").isEqualTo(30);
    }

    @Test
    @Order(3)
    void aCancelSentToOneServerStopsTheExecutionRunningOnAnother() {
        String workflow = create(admins.get(2), longWorkflow());
        String execution = startLongRun(admins.get(2), workflow); // runs in the separate JVM

        ApiClient.Response r = admins.get(0).post("/api/workflows/" + workflow + "/logs/" + execution + "/cancel", null);

        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(r.json().get("data").get("status").asText()).isEqualTo("cancelled");
        JsonNode seen = awaitExecution(admins.get(1), workflow, execution, e -> !e.get("status").asText().equals("running"));
        assertThat(seen.get("status").asText()).isEqualTo("cancelled");
        assertThat(seen.get("node_results").get(1).get("status").asText()).as("the node it was in").isEqualTo("cancelled");
    }

    @Test
    @Order(4)
    void aLogoutOnOneServerEndsTheSessionOnAllWithinTheSessionCacheBound() throws Exception {
        ApiClient.Response login = a.anonymous().post("/api/auth/token",
                Map.of("user_access", TestServer.ADMIN_USERNAME, "password", TestServer.ADMIN_PASSWORD));
        String access = login.text("access_token");
        String refresh = login.text("refresh_token");
        List<ApiClient> sameSession = List.of(a.anonymous().withToken(access), b.anonymous().withToken(access),
                c.anonymous().withToken(access));
        sameSession.forEach(client -> assertThat(client.get("/api/workflows?limit=1").status()).isEqualTo(200));

        assertThat(sameSession.get(2).post("/api/auth/logout", Map.of("refresh_token", refresh)).status()).isEqualTo(200);
        long loggedOut = System.nanoTime();

        assertThat(a.anonymous().post("/api/auth/refresh", Map.of("refresh_token", refresh)).status())
                .as("the refresh token, on another server, at once").isEqualTo(401);
        // The access token: each server trusts a session it checked for 5 s at most.
        await(Duration.ofSeconds(15), "the access token refused everywhere", () -> sameSession.stream()
                .allMatch(client -> client.get("/api/workflows?limit=1").status() == 401));
        assertThat(Duration.ofNanos(System.nanoTime() - loggedOut).toMillis()).as("ms until refused everywhere").isLessThan(10_000);
    }

    @Test
    @Order(5)
    void aCredentialChangedOnOneServerIsWhatNodesOnTheOthersRead() {
        // The test node "context" reports whether credential "cred-none" can be read (found and decrypted).
        String workflow = create(next(), manual("reads a credential", node("a", "context", Map.of())));
        assertThat(credentialFound(admins.get(2), workflow)).isFalse();

        assertThat(admins.get(0).post("/api/credentials", Map.of("id", "cred-none", "name", "Bot", "type", "telegram_bot",
                "data", Map.of("bot_token", "123456:first-token", "chat_id", "-100123"))).status()).isEqualTo(201);
        assertThat(credentialFound(admins.get(2), workflow)).as("created on one server, read on another").isTrue();

        assertThat(admins.get(1).put("/api/credentials/cred-none", Map.of("name", "Bot", "type", "telegram_bot",
                "data", Map.of("bot_token", "123456:second-token", "chat_id", "-100123"))).status()).isEqualTo(200);
        assertThat(credentialFound(admins.get(2), workflow)).as("changed on one server, decrypted on another").isTrue();
        assertThat(credentialFound(admins.get(0), workflow)).isTrue();

        assertThat(admins.get(2).delete("/api/credentials/cred-none").status()).isEqualTo(200);
        assertThat(credentialFound(admins.get(0), workflow)).as("deleted on one server, gone on another").isFalse();
        assertThat(credentialFound(admins.get(1), workflow)).isFalse();
    }

    @Test
    @Order(6)
    void maxConcurrentHoldsAcrossTheThreeServersAndTheExtraRunsGet429() throws Exception {
        Map<String, Object> body = workflow("limited " + System.nanoTime(), Map.of("type", "webhook",
                "config", Map.of("token", HOOK_TOKEN)), node("slow", "sleep", Map.of("ms", 1_500)));
        body.put("max_concurrent", 2);
        String id = create(next(), body);

        // The running count, read from the database while the calls race, as fast as it can be read.
        AtomicBoolean watching = new AtomicBoolean(true);
        AtomicLong mostRunning = new AtomicLong();
        Thread watcher = new Thread(() -> {
            try (Connection db = SharedPostgres.cluster().connect(LENZ_DB);
                 PreparedStatement running = db.prepareStatement("SELECT count(*) FROM workflow_executions "
                         + "WHERE workflow_id = ? AND status = 'running'")) {
                running.setString(1, id);
                while (watching.get()) {
                    try (ResultSet rs = running.executeQuery()) {
                        rs.next();
                        mostRunning.accumulateAndGet(rs.getLong(1), Math::max);
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, "running-watcher");
        watcher.start();

        // Six callers for 8 s, each call to the next server (webhook and manual runs in turn): 1.5 s runs
        // end and free their slot, so starts race for slots again and again, through every server.
        List<String> unexpected = new CopyOnWriteArrayList<>();
        List<String> accepted = new CopyOnWriteArrayList<>();
        AtomicInteger busy = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(6);
        long until = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            int caller = t;
            done.add(callers.submit(() -> {
                for (int n = caller; System.nanoTime() < until; n++) {
                    ApiClient server = admins.get(n % 3);
                    boolean hook = n % 2 == 0;
                    ApiClient.Response r = hook ? hook(server, id)
                            : server.post("/api/workflows/" + id + "/execute?wait=false", null);
                    if (r.status() == 202) {
                        accepted.add(r.json().get("data").get(hook ? "execution_id" : "id").asText());
                    } else if (r.status() == 429 && !r.json().get("ok").asBoolean()
                            && r.json().get("message").asText().equals("workflow is busy")
                            && r.json().get("error").asText().contains("max_concurrent")) {
                        busy.incrementAndGet();
                        sleepQuietly(100);
                    } else {
                        unexpected.add(r.toString());
                    }
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(120, TimeUnit.SECONDS);
        }
        callers.shutdown();
        await(Duration.ofSeconds(30), "the accepted runs ended", () -> running(id) == 0);
        watching.set(false);
        watcher.join();

        assertThat(unexpected).as("answers other than 202 and the 429 envelope").isEmpty();
        assertThat(mostRunning.get()).as("most executions running at once, over three servers").isLessThanOrEqualTo(2);
        assertThat(accepted.size()).as("starts accepted while slots freed up").isGreaterThan(2);
        assertThat(busy.get()).as("429s").isPositive();
        try (Connection db = SharedPostgres.cluster().connect(LENZ_DB)) {
            assertThat(count(db, "SELECT count(*) FROM workflow_executions WHERE workflow_id = '" + id + "'"))
                    .as("one execution per 202, none for a 429").isEqualTo(accepted.size());
            System.out.println("max_concurrent 2 over three servers: " + accepted.size() + " accepted, " + busy.get()
                    + " busy, most running " + mostRunning.get() + ", run by " + count(db, "SELECT count(DISTINCT server_id) "
                    + "FROM workflow_executions WHERE workflow_id = '" + id + "'") + " servers");
        }
    }

    @Test
    @Order(7)
    void scheduleOccurrencesAndEventsThatFindTheWorkflowFullOnAnyServerAreRecordedSkippedBusy() throws Exception {
        Map<String, Object> everySecond = Map.of("type", "schedule", "config", Map.of("cron", "* * * * * *"));
        Map<String, Object> onBusy = Map.of("type", "event", "config", Map.of("analytic_type", "BUSY"));
        String scheduled = create(next(), limitedToOne("scheduled, full", everySecond));
        String evented = create(next(), limitedToOne("evented, full", onBusy));

        for (int i = 0; i < 6; i++) { // one event per request, to each server in turn
            assertThat(next().post("/api/events", Map.of("events", List.of(Map.of("analytic_type", "BUSY", "stream_id", "cam-01",
                    "event_time", "2025-04-29T07:00:00Z", "data", Map.of("name", "busy-" + i))))).status()).isEqualTo(200);
        }
        String skips = "SELECT count(*) FROM event_trigger_skips WHERE workflow_id = '" + evented + "' AND outcome = 'skipped_busy'";
        String busyClaims = "SELECT count(*) FROM schedule_claims WHERE workflow_id = '" + scheduled + "' AND outcome = 'skipped_busy'";
        await(Duration.ofSeconds(60), "five events and three occurrences skipped_busy",
                () -> query(skips) == 5 && query(busyClaims) >= 3);
        deactivate(scheduled, everySecond);
        deactivate(evented, onBusy);
        Thread.sleep(2_500); // every server's scheduler has seen the deactivation (a tick, 1 s) before a slot frees
        cancelRunning(scheduled);
        cancelRunning(evented);

        try (Connection db = SharedPostgres.cluster().connect(LENZ_DB)) {
            for (String id : List.of(scheduled, evented)) {
                assertThat(count(db, "SELECT count(*) FROM workflow_executions WHERE workflow_id = '" + id + "'"))
                        .as("executions of a workflow limited to one whose run lasts a minute").isEqualTo(1);
            }
            assertThat(count(db, "SELECT count(*) FROM event_trigger_queue WHERE workflow_id = '" + evented + "'"))
                    .as("skipped runs leave the queue").isZero();
            assertThat(count(db, "SELECT count(*) FROM schedule_claims WHERE workflow_id = '" + scheduled
                    + "' AND outcome = 'skipped_running'")).as("the limit decides, not one run at a time").isZero();
            System.out.println("skipped_busy recorded by " + count(db, "SELECT count(DISTINCT server_id) FROM ("
                    + "SELECT skipped_by AS server_id FROM event_trigger_skips WHERE workflow_id = '" + evented + "' UNION ALL "
                    + "SELECT claimed_by FROM schedule_claims WHERE workflow_id = '" + scheduled + "') s") + " servers");
        }
    }

    @Test
    @Order(8)
    void aRetrySentToAnotherServerReusesTheOutputsAndARetryOfARunStillRunningElsewhereIs409() {
        Map<String, Object> failing = manual("retried elsewhere " + System.nanoTime(),
                node("a", "echo", Map.of("text", "kept")), node("b", "fail", Map.of("message", "boom")));
        String workflow = create(admins.get(2), failing);
        ApiClient.Response failed = admins.get(2).post("/api/workflows/" + workflow + "/execute", null);
        assertThat(failed.status()).as(failed.toString()).isEqualTo(422);
        String original = failed.json().get("data").get("id").asText();
        Map<String, Object> fixed = manual((String) failing.get("name"), node("a", "echo", Map.of("text", "kept")),
                node("b", "echo", Map.of("text", "{{prev.body.text}} again")));
        assertThat(admins.get(0).put("/api/workflows/" + workflow, fixed).status()).isEqualTo(200);

        ApiClient.Response retried = admins.get(1).post("/api/workflows/" + workflow + "/logs/" + original + "/retry", null);

        assertThat(retried.status()).as(retried.toString()).isEqualTo(200);
        JsonNode retry = retried.json().get("data");
        assertThat(retry.get("retry_of").asText()).isEqualTo(original);
        assertThat(retry.get("node_results").get(0).get("reused_from").asText()).as("node a, taken over").isEqualTo(original);
        assertThat(retry.get("node_results").get(1).get("reused_from").isNull()).as("node b ran again").isTrue();
        assertThat(retry.get("node_results").get(1).get("output").get("text").asText()).isEqualTo("kept again");
        assertThat(serverOf(retry.get("id").asText())).as("the retry ran on another server than the original")
                .isNotEqualTo(serverOf(original));

        // While the original runs on the separate JVM, a retry through another server is refused.
        String slow = create(admins.get(2), longWorkflow());
        String running = startLongRun(admins.get(2), slow);
        ApiClient.Response refused = admins.get(0).post("/api/workflows/" + slow + "/logs/" + running + "/retry", null);
        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().get("ok").asBoolean()).isFalse();
        assertThat(refused.json().get("message").asText()).isEqualTo("execution is running");
        assertThat(admins.get(1).post("/api/workflows/" + slow + "/logs/" + running + "/cancel", null).status()).isEqualTo(200);
        assertThat(total(slow)).as("no execution started by the refused retry").isEqualTo(1);
    }

    private static Map<String, Object> limitedToOne(String name, Map<String, Object> trigger) {
        Map<String, Object> body = workflow(name + " " + System.nanoTime(), trigger, node("slow", "sleep", Map.of("ms", 60_000)));
        body.put("max_concurrent", 1);
        return body;
    }

    private static void deactivate(String id, Map<String, Object> trigger) {
        Map<String, Object> body = limitedToOne("off", trigger);
        body.put("is_active", false);
        assertThat(next().put("/api/workflows/" + id, body).status()).isEqualTo(200);
    }

    private static void cancelRunning(String id) {
        runs(id).forEach(run -> {
            if (run.get("status").asText().equals("running")) {
                next().post("/api/workflows/" + id + "/logs/" + run.get("id").asText() + "/cancel", null);
            }
        });
    }

    private static ApiClient.Response hook(ApiClient server, String workflowId) {
        return server.send(HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/hooks/" + workflowId))
                .timeout(Duration.ofSeconds(60)).header("X-Webhook-Token", HOOK_TOKEN)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    private static String serverOf(String executionId) {
        try (Connection db = SharedPostgres.cluster().connect(LENZ_DB);
             ResultSet rs = db.createStatement().executeQuery("SELECT server_id FROM workflow_executions WHERE id = '"
                     + executionId + "'")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long running(String workflowId) {
        return query("SELECT count(*) FROM workflow_executions WHERE workflow_id = '" + workflowId + "' AND status = 'running'");
    }

    private static long query(String sql) {
        try (Connection db = SharedPostgres.cluster().connect(LENZ_DB)) {
            return count(db, sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    @Order(10)
    void executionsOfAServerKilledMidRunAreClosedByTheOthersAndNotRunAgain() throws Exception {
        ApiClient onC = admins.get(2);
        String workflow = create(onC, longWorkflow());
        String execution = startLongRun(onC, workflow);

        c.kill(); // SIGKILL: no shutdown, no last write
        long killed = System.nanoTime();
        admins = List.of(admins.get(0), admins.get(1)); // round-robin goes on over the live servers

        JsonNode closed = awaitExecution(admins.get(0), workflow, execution, e -> !e.get("status").asText().equals("running"));
        assertThat(Duration.ofNanos(System.nanoTime() - killed).toSeconds()).as("s until closed (stale after " + STALE_AFTER + ")")
                .isLessThan(20);
        assertThat(closed.get("status").asText()).isEqualTo("failed");
        assertThat(closed.get("error").asText()).contains("stopped without finishing it");
        closed.get("node_results").forEach(n -> assertThat(n.get("node_id").asText()).as("nodes run").isNotEqualTo("c"));
        Thread.sleep(2_000);
        assertThat(total(workflow)).as("executions of the workflow: the dead one is not run again").isEqualTo(1);
        assertThat(admins.get(1).get("/api/workflows/" + workflow + "/logs/" + execution).json().get("data")
                .get("status").asText()).isEqualTo("failed");
    }

    private static Map<String, Object> longWorkflow() {
        return manual("long " + System.nanoTime(), node("a", "echo", Map.of()), node("b", "sleep", Map.of("ms", 120_000)),
                node("c", "echo", Map.of()));
    }

    private static String startLongRun(ApiClient client, String workflowId) {
        ApiClient.Response r = client.post("/api/workflows/" + workflowId + "/execute?wait=false", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
        String execution = r.json().get("data").get("id").asText();
        awaitExecution(client, workflowId, execution, e -> e.get("node_results").size() == 2
                && e.get("node_results").get(1).get("status").asText().equals("running"));
        return execution;
    }

    private static boolean credentialFound(ApiClient client, String workflow) {
        ApiClient.Response r = client.post("/api/workflows/" + workflow + "/execute", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        JsonNode data = r.json().get("data");
        assertThat(data.get("status").asText()).as(r.toString()).isEqualTo("success");
        return data.get("node_results").get(0).get("output").get("credential_found").asBoolean();
    }

    private static Map<String, Object> event(String name) {
        return Map.of("analytic_type", "FR", "stream_id", "cam-01", "event_time", "2025-04-29T07:00:00Z",
                "data", Map.of("name", name));
    }

    private static String create(ApiClient admin, Map<String, Object> body) {
        ApiClient.Response r = admin.post("/api/workflows", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("data").get("id").asText();
    }

    private static List<JsonNode> runs(String workflowId) {
        List<JsonNode> runs = new ArrayList<>();
        next().get("/api/workflows/" + workflowId + "/logs?limit=100").json().get("data").forEach(runs::add);
        return runs;
    }

    private static long total(String workflowId) {
        return next().get("/api/workflows/" + workflowId + "/logs?limit=1").json().get("total_data").asLong();
    }

    private static long ended(String workflowId) {
        return runs(workflowId).stream().filter(run -> !run.get("status").asText().equals("running")).count();
    }

    private static long claims(String workflowId) {
        try (Connection db = SharedPostgres.cluster().connect(LENZ_DB)) {
            return count(db, "SELECT count(*) FROM schedule_claims WHERE workflow_id = '" + workflowId + "'");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long count(Connection db, String sql) throws SQLException {
        try (ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static JsonNode awaitExecution(ApiClient client, String workflowId, String executionId, Predicate<JsonNode> condition) {
        JsonNode[] last = new JsonNode[1];
        await(Duration.ofSeconds(30), "execution " + executionId, () -> {
            last[0] = client.get("/api/workflows/" + workflowId + "/logs/" + executionId).json().get("data");
            return condition.test(last[0]);
        });
        return last[0];
    }

}
