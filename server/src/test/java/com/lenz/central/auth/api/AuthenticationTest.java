package com.lenz.central.auth.api;

import com.lenz.central.auth.core.TokenService;
import com.lenz.central.auth.core.User;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AuthenticationTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();

    private static ApiClient.Response login(String user, String password) {
        return SERVER.server().anonymous().post("/api/auth/token", Map.of("user_access", user, "password", password));
    }

    @Test
    void loginWithTheRightPasswordGivesTokensThatOpenProtectedRoutes() {
        ApiClient.Response r = login(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("ok").asBoolean()).isTrue();
        assertThat(r.text("message")).isEqualTo("login successful");
        assertThat(r.text("access_token")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat(r.text("refresh_token")).isNotBlank();
        assertThat(Instant.parse(r.text("expires_at"))).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
        assertThat(r.text("name")).isEqualTo("Administrator");
        assertThat(r.text("role")).isEqualTo("admin");

        ApiClient.Response users = SERVER.server().anonymous().withToken(r.text("access_token")).get("/api/users");
        assertThat(users.status()).isEqualTo(200);
        assertThat(users.json().get("data").findValuesAsText("username")).contains("admin");
        assertThat(users.raw()).doesNotContain("password");
    }

    @Test
    void wrongPasswordOrUnknownUserIs401() {
        ApiClient.Response wrong = login(TestServer.ADMIN_USERNAME, "not-the-password");
        ApiClient.Response unknown = login("nobody", "whatever-password");

        for (ApiClient.Response r : new ApiClient.Response[] {wrong, unknown}) {
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.json().get("ok").asBoolean()).isFalse();
            assertThat(r.text("message")).isEqualTo("unauthorized");
            assertThat(r.text("error")).isEqualTo("invalid username or password");
        }
    }

    @Test
    void missingHeaderIs401Envelope() {
        ApiClient.Response r = SERVER.server().anonymous().get("/api/users");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.text("error")).contains("Authorization");
    }

    @Test
    void tamperedTokenIs401() {
        String token = login(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD).text("access_token");
        String[] parts = token.split("\\.");
        // Same signature, different claims: a viewer trying to make itself admin would look like this.
        String forgedPayload = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(java.util.Base64.getUrlDecoder().decode(parts[1])).replace("admin", "admim").getBytes());
        String tampered = parts[0] + "." + forgedPayload + "." + parts[2];

        ApiClient.Response r = SERVER.server().anonymous().withToken(tampered).get("/api/users");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text("error")).isEqualTo("invalid access token");
        assertThat(SERVER.server().anonymous().withToken("not.a.jwt").get("/api/users").status()).isEqualTo(401);
    }

    @Test
    void expiredTokenIs401() {
        String secret = SERVER.server().setting("auth.jwtSecret");
        Clock twoHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        TokenService past = new TokenService(secret, Duration.ofMinutes(30), twoHoursAgo);
        User admin = new User("any", "admin", "Administrator", null, "admin", Instant.now(), null);
        String expired = past.issueAccess(admin, "any-session").token();

        ApiClient.Response r = SERVER.server().anonymous().withToken(expired).get("/api/users");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.text("error")).isEqualTo("access token expired");
    }

    @Test
    void viewerMayReadButNotWriteNorListUsers() {
        ApiClient admin = SERVER.server().admin();
        assertThat(admin.post("/api/users", Map.of("username", "viewer1", "password", "viewer-pass-1",
                "name", "Viewer One", "role", "viewer")).status()).isEqualTo(201);
        ApiClient viewer = SERVER.server().login("viewer1", "viewer-pass-1");

        ApiClient.Response create = viewer.post("/api/users", Map.of("username", "x", "password", "xxxxxxxxx",
                "name", "X", "role", "admin"));
        ApiClient.Response list = viewer.get("/api/users");

        assertThat(create.status()).isEqualTo(403);
        assertThat(create.json().get("ok").asBoolean()).isFalse();
        assertThat(create.text("message")).isEqualTo("forbidden");
        assertThat(list.status()).isEqualTo(403);
        assertThat(admin.get("/api/users?limit=100").raw()).doesNotContain("\"username\":\"x\"");
    }

    @Test
    void refreshRotatesTheRefreshTokenAndDetectsReuse() {
        ApiClient.Response first = login(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        String refresh1 = first.text("refresh_token");

        ApiClient.Response second = SERVER.server().anonymous().post("/api/auth/refresh", Map.of("refresh_token", refresh1));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.text("refresh_token")).isNotEqualTo(refresh1);
        assertThat(SERVER.server().anonymous().withToken(second.text("access_token")).get("/api/users").status()).isEqualTo(200);

        // The old refresh token was rotated away: using it again ends the whole session.
        ApiClient.Response reuse = SERVER.server().anonymous().post("/api/auth/refresh", Map.of("refresh_token", refresh1));
        assertThat(reuse.status()).isEqualTo(401);
        ApiClient.Response afterReuse = SERVER.server().anonymous().post("/api/auth/refresh",
                Map.of("refresh_token", second.text("refresh_token")));
        assertThat(afterReuse.status()).isEqualTo(401);

        assertThat(SERVER.server().anonymous().post("/api/auth/refresh", Map.of("refresh_token", "garbage")).status()).isEqualTo(401);
        assertThat(SERVER.server().anonymous().post("/api/auth/refresh", Map.of()).status()).isEqualTo(400);
    }

    @Test
    void logoutEndsTheAccessAndRefreshTokens() {
        ApiClient.Response tokens = login(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        ApiClient client = SERVER.server().anonymous().withToken(tokens.text("access_token"));
        assertThat(client.get("/api/users").status()).isEqualTo(200);

        ApiClient.Response out = client.post("/api/auth/logout", Map.of("refresh_token", tokens.text("refresh_token")));

        assertThat(out.status()).isEqualTo(200);
        assertThat(out.text("message")).isEqualTo("logged out");
        assertThat(client.get("/api/users").status()).isEqualTo(401);
        assertThat(SERVER.server().anonymous().post("/api/auth/refresh", Map.of("refresh_token", tokens.text("refresh_token")))
                .status()).isEqualTo(401);
    }

    @Test
    void loginByEmailWorksAndBadBodiesAre400() {
        SERVER.server().admin().post("/api/users", Map.of("username", "mailer", "password", "mailer-pass-1",
                "name", "Mailer", "email", "Mailer@Example.com", "role", "viewer"));

        assertThat(login("mailer@example.com", "mailer-pass-1").status()).isEqualTo(200);
        ApiClient.Response missing = SERVER.server().anonymous().post("/api/auth/token", Map.of("user_access", "admin"));
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.text("error")).isEqualTo("password is required");
        ApiClient.Response wrongType = SERVER.server().anonymous().post("/api/auth/token", "{\"user_access\": 5, \"password\": [1]}");
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.text("error")).contains("password");
    }
}
