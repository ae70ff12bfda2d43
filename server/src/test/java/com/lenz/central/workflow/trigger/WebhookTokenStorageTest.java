package com.lenz.central.workflow.trigger;

import static com.lenz.central.workflow.trigger.Triggers.create;
import static com.lenz.central.workflow.trigger.Triggers.node;
import static com.lenz.central.workflow.trigger.Triggers.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServerExtension;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Webhook tokens are kept in the database only as their SHA-256; the webhook still tells right from wrong. */
@Tag("faults")
class WebhookTokenStorageTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();
    /** Signed in again after the migration test restarts the SERVER.server(). */
    private static ApiClient admin;

    @BeforeAll
    static void signIn() {
        admin = SERVER.admin();
    }

    private static Map<String, Object> hook(String token) {
        return workflow("stored token", "webhook", Map.of("token", token),
                List.of(node("greet", "set", Map.of("values", Map.of("text", "hi")))));
    }

    private static ApiClient.Response call(String workflowId, String token) {
        return SERVER.server().anonymous().send(SERVER.server().anonymous().request("/api/hooks/" + workflowId)
                .header("Content-Type", "application/json").header("X-Webhook-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    }

    private static Connection database() throws SQLException {
        String password = SERVER.server().setting("database.password");
        return DriverManager.getConnection(SERVER.server().setting("database.url"), "postgres", password == null ? "" : password);
    }

    private static String storedConfig(String workflowId) throws SQLException {
        try (Connection c = database();
                PreparedStatement q = c.prepareStatement("SELECT trigger_config::text FROM workflows WHERE id = ?")) {
            q.setString(1, workflowId);
            ResultSet rs = q.executeQuery();
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theRowHoldsOnlyTheHashAndTheWebhookStillChecksTheToken() throws Exception {
        String token = "plain-hook-token-4711";
        String id = create(admin, hook(token));

        String row = storedConfig(id);
        assertThat(row).doesNotContain(token).contains(sha256(token));
        assertThat(admin.get("/api/workflows/" + id).json().get("data").get("trigger_node").get("config").toString())
                .isEqualTo("{\"token\":\"********\"}");
        assertThat(call(id, token).status()).isEqualTo(202);
        ApiClient.Response wrong = call(id, "plain-hook-token-4712");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.text("error")).isEqualTo("invalid X-Webhook-Token");
    }

    @Test
    void aPutWithThePlaceholderKeepsTheHashAndANewTokenReplacesIt() throws Exception {
        String token = "first-hook-token-1";
        String id = create(admin, hook(token));
        String before = storedConfig(id);

        Map<String, Object> placeholder = hook("********");
        placeholder.put("name", "renamed");
        assertThat(admin.put("/api/workflows/" + id, placeholder).status()).isEqualTo(200);
        assertThat(storedConfig(id)).isEqualTo(before);
        assertThat(call(id, token).status()).isEqualTo(202);

        assertThat(admin.put("/api/workflows/" + id, hook("second-hook-token-2")).status()).isEqualTo(200);
        assertThat(storedConfig(id)).doesNotContain("second-hook-token-2").contains(sha256("second-hook-token-2"));
        assertThat(call(id, "second-hook-token-2").status()).isEqualTo(202);
        assertThat(call(id, token).status()).isEqualTo(401);
    }

    /** A row written before the change (token in plain text) is hashed by the migration at the next start. */
    @Test
    void theMigrationHashesTokensStoredInPlainText() throws Exception {
        String id = create(admin, hook("will-be-replaced"));
        String legacy = "legacy-token-42";
        try (Connection c = database()) {
            try (PreparedStatement u = c.prepareStatement(
                    "UPDATE workflows SET trigger_config = jsonb_build_object('token', ?::text, 'response', 'accepted') WHERE id = ?")) {
                u.setString(1, legacy);
                u.setString(2, id);
                assertThat(u.executeUpdate()).isEqualTo(1);
            }
            c.createStatement().execute("DELETE FROM databasechangelog WHERE id = '009-webhook-token-sha256'");
        }

        SERVER.server().stop();
        SERVER.server().startAgain();
        admin = SERVER.server().admin();

        String row = storedConfig(id);
        assertThat(row).doesNotContain("legacy-token").contains(sha256(legacy)).contains("\"response\": \"accepted\"");
        assertThat(call(id, legacy).status()).isEqualTo(202);
        assertThat(call(id, "legacy-token-43").status()).isEqualTo(401);
    }
}
