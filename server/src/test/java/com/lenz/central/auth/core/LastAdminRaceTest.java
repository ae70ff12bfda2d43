package com.lenz.central.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two admins deleting each other at the same moment: one wins, the other is refused, an admin remains. */
@Tag("faults")
class LastAdminRaceTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();

    private static final int ROUNDS = 40;

    @Test
    void mutualDeletesAtTheSameMomentAlwaysLeaveAnAdmin() throws Exception {
        // Exactly two admins, A and B, each logged in; nobody else.
        ApiClient first = SERVER.server().admin();
        create(first, "race-a");
        create(first, "race-b");
        ApiClient asA = SERVER.server().login("race-a", "race-pass-1");
        ApiClient asB = SERVER.server().login("race-b", "race-pass-1");
        String idA = userId(asA, "race-a");
        String idB = userId(asA, "race-b");
        assertThat(asA.delete("/api/users/" + userId(asA, TestServer.ADMIN_USERNAME)).status()).isEqualTo(200);
        List<String> saved = List.of(
                "CREATE TABLE saved_users AS SELECT * FROM users",
                "CREATE TABLE saved_sessions AS SELECT * FROM auth_sessions WHERE user_id IN (SELECT id FROM users)");
        sql(saved.toArray(String[]::new));

        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < ROUNDS; round++) {
                assertThat(adminCount()).isEqualTo(2);
                CyclicBarrier together = new CyclicBarrier(2);
                CompletableFuture<Integer> aDeletesB = CompletableFuture.supplyAsync(() -> {
                    await(together);
                    return asA.delete("/api/users/" + idB).status();
                }, pool);
                CompletableFuture<Integer> bDeletesA = CompletableFuture.supplyAsync(() -> {
                    await(together);
                    return asB.delete("/api/users/" + idA).status();
                }, pool);
                int byA = aDeletesB.get(60, TimeUnit.SECONDS);
                int byB = bDeletesA.get(60, TimeUnit.SECONDS);

                assertThat(adminCount()).as("admins left after round %d (answers %d, %d)", round, byA, byB)
                        .isEqualTo(1);
                assertThat(List.of(byA, byB)).as("exactly one deletion succeeds").containsOnlyOnce(200);
                // The loser answered 409 (last admin) or 401 (its session ended with it).
                assertThat(byA == 200 ? byB : byA).isIn(409, 401);

                // Both back, with their sessions, for the next round.
                sql("INSERT INTO users SELECT * FROM saved_users ON CONFLICT DO NOTHING",
                        "INSERT INTO auth_sessions SELECT * FROM saved_sessions ON CONFLICT DO NOTHING");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static void create(ApiClient admin, String username) {
        ApiClient.Response r = admin.post("/api/users", Map.of("username", username, "password", "race-pass-1",
                "name", username, "role", "admin"));
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
    }

    private static String userId(ApiClient admin, String username) {
        for (var user : admin.get("/api/users?limit=100").json().get("data")) {
            if (user.get("username").asText().equals(username)) {
                return user.get("id").asText();
            }
        }
        throw new AssertionError("no user " + username);
    }

    private static void sql(String... statements) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER.server().setting("database.url"), "postgres", "");
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    private static long adminCount() throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER.server().setting("database.url"), "postgres", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*) FROM users WHERE role = 'admin'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
