package com.lenz.central.credentials.api;

import com.lenz.central.credentials.core.CredentialCipher;
import com.lenz.central.credentials.core.CredentialService;
import com.lenz.central.credentials.db.CredentialStore;
import com.lenz.central.db.JdbiSetup;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServerExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CredentialResourceTest {

    private static final String BOT_TOKEN = "123456:AAH-secret-bot-token-value";
    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();

    private static Map<String, Object> telegram(String id, String token) {
        return Map.of("id", id, "name", "Bot Laporan", "type", "telegram_bot",
                "data", Map.of("bot_token", token, "chat_id", "-100123"));
    }

    @Test
    void createAnswers201WithoutTheDataAndTheTokenIsNotInTheDatabaseBytes() throws Exception {
        ApiClient.Response created = SERVER.admin().post("/api/credentials", telegram("cred-tg-001", BOT_TOKEN));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.text("message")).isEqualTo("credential created");
        assertThat(created.json().get("data").get("id").asText()).isEqualTo("cred-tg-001");
        assertThat(created.json().get("data").get("type").asText()).isEqualTo("telegram_bot");
        assertThat(created.json().get("data").get("name").asText()).isEqualTo("Bot Laporan");
        assertThat(created.json().get("data").has("created_at")).isTrue();
        assertThat(created.json().get("data").has("updated_at")).isTrue();
        assertThat(created.json().get("data").has("data")).isFalse();
        assertThat(created.raw()).doesNotContain(BOT_TOKEN).doesNotContain("-100123");
        assertThat(SERVER.admin().get("/api/credentials/cred-tg-001").raw()).doesNotContain(BOT_TOKEN);
        assertThat(SERVER.admin().get("/api/credentials?limit=100").raw()).doesNotContain(BOT_TOKEN);

        try (Connection c = DriverManager.getConnection(SERVER.server().setting("database.url"), "postgres", "");
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT encode(data_enc, 'escape') || t::text FROM credentials t WHERE id = 'cred-tg-001'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).doesNotContain(BOT_TOKEN).doesNotContain("AAH-secret");
        }
    }

    @Test
    void nodesGetTheDecryptedDataAndUpdatesWithoutDataKeepIt() {
        SERVER.admin().post("/api/credentials", telegram("cred-keep", BOT_TOKEN));
        CredentialService service = new CredentialService(JdbiSetup.configure(
                org.jdbi.v3.core.Jdbi.create(SERVER.server().setting("database.url"), "postgres", "")).onDemand(CredentialStore.class),
                new CredentialCipher(keyOf(SERVER.server())), new com.fasterxml.jackson.databind.ObjectMapper());

        ApiClient.Response renamed = SERVER.admin().put("/api/credentials/cred-keep", Map.of("name", "Renamed", "type", "telegram_bot"));

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(renamed.json().get("data").get("name").asText()).isEqualTo("Renamed");
        assertThat(renamed.json().get("data").get("updated_at").asText()).endsWith("Z");
        assertThat(service.lookup("cred-keep").orElseThrow().get("bot_token")).isEqualTo(BOT_TOKEN);

        SERVER.admin().put("/api/credentials/cred-keep", Map.of("name", "Renamed", "type", "telegram_bot",
                "data", Map.of("bot_token", "999:new-token", "chat_id", "42")));
        assertThat(service.lookup("cred-keep").orElseThrow().data()).containsEntry("bot_token", "999:new-token")
                .containsEntry("chat_id", "42");
        assertThat(service.lookup("missing")).isEmpty();
    }

    @Test
    void invalidCredentialsAre400NamingTheFieldAndDuplicatesAre409() {
        assertThat(SERVER.admin().post("/api/credentials", Map.of("name", "x", "type", "smtp", "data", Map.of()))
                .text("error")).startsWith("type must be one of");
        assertThat(SERVER.admin().post("/api/credentials", Map.of("name", "x", "type", "telegram_bot",
                "data", Map.of("bot_token", "t"))).text("error")).isEqualTo("data.chat_id is required for a telegram_bot credential");
        assertThat(SERVER.admin().post("/api/credentials", Map.of("name", "x", "type", "http_header",
                "data", Map.of("name", "X-Key", "value", "v", "extra", "e"))).text("error")).startsWith("data.extra");
        assertThat(SERVER.admin().post("/api/credentials", Map.of("type", "http_basic",
                "data", Map.of("username", "u", "password", "p"))).text("error")).startsWith("name");
        assertThat(SERVER.admin().post("/api/credentials", Map.of("id", "../etc", "name", "x", "type", "http_basic",
                "data", Map.of("username", "u", "password", "p"))).text("error")).startsWith("id");

        assertThat(SERVER.admin().post("/api/credentials", telegram("cred-dupe", "1:a")).status()).isEqualTo(201);
        ApiClient.Response dupe = SERVER.admin().post("/api/credentials", telegram("cred-dupe", "1:b"));
        assertThat(dupe.status()).isEqualTo(409);
    }

    @Test
    void unknownIdsAre404AndDeleteRemoves() {
        SERVER.admin().post("/api/credentials", telegram("cred-gone", "1:a"));

        assertThat(SERVER.admin().delete("/api/credentials/cred-gone").text("message")).isEqualTo("credential deleted");
        assertThat(SERVER.admin().get("/api/credentials/cred-gone").status()).isEqualTo(404);
        assertThat(SERVER.admin().delete("/api/credentials/cred-gone").status()).isEqualTo(404);
        assertThat(SERVER.admin().put("/api/credentials/nope", Map.of("name", "n", "type", "telegram_bot")).status()).isEqualTo(404);
    }

    @Test
    void viewersCanListButNotWrite() {
        SERVER.admin().post("/api/users", Map.of("username", "cred-viewer", "password", "cred-viewer-1",
                "name", "Viewer", "role", "viewer"));
        ApiClient viewer = SERVER.server().login("cred-viewer", "cred-viewer-1");

        assertThat(viewer.get("/api/credentials").status()).isEqualTo(200);
        assertThat(viewer.post("/api/credentials", telegram("cred-viewer", "1:a")).status()).isEqualTo(403);
    }

    private static String keyOf(com.lenz.central.testing.TestServer server) {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of(server.setting("dataDir"), "secrets", "credentials-key"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
