package com.lenz.central.auth.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Access tokens forged with the server's signing secret (as a leaked or weak secret would allow) are
 * still held to the rules: they must expire, and must name the user that owns their session.
 */
@Tag("faults")
class TokenHardeningTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();

    private static DecodedJWT loginToken(String user, String password) {
        ApiClient.Response r = SERVER.server().anonymous().post("/api/auth/token", Map.of("user_access", user, "password", password));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        return JWT.decode(r.text("access_token"));
    }

    private static Algorithm testSecret() {
        return Algorithm.HMAC256(SERVER.server().setting("auth.jwtSecret").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        DecodedJWT real = loginToken(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        String forever = JWT.create().withIssuer("lenz-central").withSubject(real.getSubject())
                .withClaim("sid", real.getClaim("sid").asString()).withClaim("username", "admin")
                .withClaim("name", "Administrator").withClaim("role", "admin").withIssuedAt(Instant.now())
                .sign(testSecret());

        ApiClient.Response r = SERVER.server().anonymous().withToken(forever).get("/api/workflows");

        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.text("ok")).isEqualTo("false");
        assertThat(r.text("error")).isEqualTo("invalid access token");
        // the same session with a proper token still works: only the missing exp was refused
        assertThat(SERVER.server().anonymous().withToken(real.getToken()).get("/api/workflows").status()).isEqualTo(200);
    }

    @Test
    void aCachedSessionStillChecksWhoseItIs() {
        ApiClient admin = SERVER.server().admin();
        assertThat(admin.post("/api/users", Map.of("username", "viewer-sub", "password", "viewer-pass-1",
                "name", "Viewer", "role", "viewer")).status()).isEqualTo(201);
        String viewerId = loginToken("viewer-sub", "viewer-pass-1").getSubject();
        DecodedJWT adminToken = loginToken(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        // the admin's session is now in the server's short cache
        assertThat(SERVER.server().anonymous().withToken(adminToken.getToken()).get("/api/workflows").status()).isEqualTo(200);

        String stolenSession = JWT.create().withIssuer("lenz-central").withSubject(viewerId)
                .withClaim("sid", adminToken.getClaim("sid").asString()).withClaim("username", "viewer-sub")
                .withClaim("name", "Viewer").withClaim("role", "admin").withIssuedAt(Instant.now())
                .withExpiresAt(Instant.now().plusSeconds(600)).sign(testSecret());
        ApiClient.Response r = SERVER.server().anonymous().withToken(stolenSession).get("/api/workflows");

        assertThat(r.status()).as(r.toString()).isEqualTo(401);
        assertThat(r.text("error")).isEqualTo("session ended; log in again");
    }

    @Test
    void aViewerMayEndTheirOwnSession() {
        ApiClient admin = SERVER.server().admin();
        assertThat(admin.post("/api/users", Map.of("username", "viewer-out", "password", "viewer-pass-2",
                "name", "Viewer", "role", "viewer")).status()).isEqualTo(201);
        ApiClient viewer = SERVER.server().login("viewer-out", "viewer-pass-2");
        assertThat(viewer.get("/api/workflows").status()).isEqualTo(200);

        ApiClient.Response out = viewer.post("/api/auth/logout", Map.of());

        assertThat(out.status()).as(out.toString()).isEqualTo(200);
        assertThat(out.text("message")).isEqualTo("logged out");
        assertThat(viewer.get("/api/workflows").status()).isEqualTo(401);
        // still no other write for a viewer
        assertThat(viewer.post("/api/workflows", Map.of()).status()).isIn(401, 403);
    }
}
