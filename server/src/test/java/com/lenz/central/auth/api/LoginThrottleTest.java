package com.lenz.central.auth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Brute force: failed logins per username and failed webhook tokens per workflow are locked out after
 * five; password hashing runs on a bounded pool. The per-address limit is raised here (every test
 * request comes from 127.0.0.1); its rules are tested in AttemptThrottleTest.
 */
@Tag("faults")
class LoginThrottleTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(b -> b.set("throttle.maxFailuresPerAddress", "10000")
            .set("throttle.passwordHashThreads", "1")
            .set("throttle.passwordHashQueue", "0"));

    private static ApiClient.Response login(String user, String password) {
        return SERVER.server().anonymous().post("/api/auth/token", Map.of("user_access", user, "password", password));
    }

    private static void createUser(String username, String password) {
        ApiClient.Response r = SERVER.admin().post("/api/users", Map.of("username", username, "password", password,
                "name", username, "role", "viewer"));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    private static void assertLockedOut(ApiClient.Response r, String what) {
        assertThat(r.status()).as(r.toString()).isEqualTo(429);
        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.text("message")).isEqualTo("too many failed attempts");
        assertThat(r.text("error")).startsWith("too many failed " + what + "; try again in ");
        long retryAfter = Long.parseLong(r.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 30L);
    }

    @Test
    void theSixthWrongPasswordIs429AndTheRightOneStaysLockedOut() {
        createUser("locked-user", "right-password-1");
        for (int i = 1; i <= 5; i++) {
            ApiClient.Response r = login("locked-user", "wrong-password-" + i);
            assertThat(r.status()).as("try " + i + ": " + r).isEqualTo(401);
        }

        assertLockedOut(login("locked-user", "wrong-password-6"), "logins");
        assertLockedOut(login("locked-user", "right-password-1"), "logins");
        assertLockedOut(login("LOCKED-USER", "right-password-1"), "logins");
        // another user from the same address is not affected
        assertThat(login(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void anUnknownUsernameIsAnsweredExactlyLikeAKnownOne() {
        createUser("known-user", "right-password-2");
        List<String> known = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            ApiClient.Response k = login("known-user", "wrong-password-" + i);
            ApiClient.Response u = login("no-such-user", "wrong-password-" + i);
            known.add(k.status() + " " + k.text("message") + " " + k.text("error").replaceAll("\\d+ s$", "N s"));
            unknown.add(u.status() + " " + u.text("message") + " " + u.text("error").replaceAll("\\d+ s$", "N s"));
        }
        assertThat(unknown).isEqualTo(known);
        assertThat(known.get(0)).isEqualTo("401 unauthorized invalid username or password");
        assertLockedOut(login("no-such-user", "anything-at-all"), "logins");
    }

    @Test
    void aSuccessBeforeTheLimitStartsTheCountAgain() {
        createUser("forgetful-user", "right-password-3");
        for (int i = 1; i <= 4; i++) {
            assertThat(login("forgetful-user", "wrong-password-" + i).status()).isEqualTo(401);
        }
        assertThat(login("forgetful-user", "right-password-3").status()).isEqualTo(200);
        for (int i = 1; i <= 5; i++) {
            ApiClient.Response r = login("forgetful-user", "wrong-again-" + i);
            assertThat(r.status()).as("try " + i + " after the success: " + r).isEqualTo(401);
        }
        assertLockedOut(login("forgetful-user", "wrong-again-6"), "logins");
    }

    @Test
    void wrongWebhookTokensAreLockedOutPerWorkflow() {
        ApiClient.Response created = SERVER.admin().post("/api/workflows", Map.of("name", "hooked", "is_active", true,
                "trigger_node", Map.of("type", "webhook", "config", Map.of("token", "the-right-token")),
                "nodes", List.of(Map.of("id", "n", "type", "set", "name", "n", "config", Map.of("values", Map.of("a", "b"))))));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().get("data").get("id").asText();
        ApiClient.Response other = SERVER.admin().post("/api/workflows", Map.of("name", "other", "is_active", true,
                "trigger_node", Map.of("type", "webhook", "config", Map.of("token", "other-right-token")),
                "nodes", List.of(Map.of("id", "n", "type", "set", "name", "n", "config", Map.of("values", Map.of("a", "b"))))));
        String otherId = other.json().get("data").get("id").asText();

        for (int i = 1; i <= 5; i++) {
            assertThat(hook(id, "wrong-token-" + i).status()).isEqualTo(401);
        }
        assertLockedOut(hook(id, "wrong-token-6"), "webhook tokens");
        assertLockedOut(hook(id, "the-right-token"), "webhook tokens");
        assertThat(hook(otherId, "other-right-token").status()).isEqualTo(202);
    }

    private static ApiClient.Response hook(String workflowId, String token) {
        return SERVER.server().anonymous().send(SERVER.server().anonymous().request("/api/hooks/" + workflowId)
                .header("Content-Type", "application/json").header("X-Webhook-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    /** One hashing thread and no queue here: concurrent logins beyond it are refused at once, not queued. */
    @Test
    void loginsBeyondTheHashingPoolAre503WithRetryAfter() throws Exception {
        createUser("busy-user", "right-password-4");
        ExecutorService clients = Executors.newFixedThreadPool(12);
        try {
            ApiClient.Response busy = null;
            for (int round = 0; round < 20 && busy == null; round++) {
                List<Future<ApiClient.Response>> answers = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    answers.add(clients.submit(() -> login("busy-user", "right-password-4")));
                }
                for (Future<ApiClient.Response> answer : answers) {
                    ApiClient.Response r = answer.get();
                    assertThat(r.status()).as(r.toString()).isIn(200, 503);
                    if (r.status() == 503) {
                        busy = r;
                    }
                }
            }
            assertThat(busy).as("no login was refused by the full pool in 20 rounds of 12").isNotNull();
            assertThat(busy.json().get("ok").asBoolean()).isFalse();
            assertThat(busy.text("message")).isEqualTo("server busy");
            assertThat(busy.headers().firstValue("Retry-After")).contains("1");
            // the refusal counted as no failure: the user can still log in
            assertThat(login("busy-user", "right-password-4").status()).isEqualTo(200);
        } finally {
            clients.shutdownNow();
        }
    }
}
