package com.lenz.central.auth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class UserResourceTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();

    private static Map<String, Object> user(String username, String password, String role) {
        return Map.of("username", username, "password", password, "name", "Name of " + username, "role", role);
    }

    @Test
    void createAnswers201WithTheUserAndNoPassword() {
        ApiClient.Response r = SERVER.admin().post("/api/users", Map.of("username", "alfin", "password", "alfin-pass-1",
                "name", "Alfin", "email", "alfin@example.com", "role", "admin"));

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.text("message")).isEqualTo("user created");
        JsonNode data = r.json().get("data");
        assertThat(data.get("id").asText()).isNotBlank();
        assertThat(data.get("username").asText()).isEqualTo("alfin");
        assertThat(data.get("name").asText()).isEqualTo("Alfin");
        assertThat(data.get("email").asText()).isEqualTo("alfin@example.com");
        assertThat(data.get("role").asText()).isEqualTo("admin");
        assertThat(data.get("created_at").asText()).endsWith("Z");
        assertThat(r.raw()).doesNotContain("alfin-pass-1").doesNotContain("hash");
        assertThat(SERVER.server().login("alfin", "alfin-pass-1").get("/api/users").status()).isEqualTo(200);
    }

    @Test
    void invalidUsersAre400NamingTheFieldAndNothingIsStored() {
        long before = SERVER.admin().get("/api/users").json().get("total_data").asLong();

        assertThat(SERVER.admin().post("/api/users", user("shorty", "short", "viewer")).text("error")).contains("password");
        assertThat(SERVER.admin().post("/api/users", user("badrole", "long-enough-1", "root")).text("error")).contains("role");
        assertThat(SERVER.admin().post("/api/users", user("a b", "long-enough-1", "viewer")).text("error")).contains("username");
        assertThat(SERVER.admin().post("/api/users", Map.of("username", "noname", "password", "long-enough-1", "role", "viewer"))
                .text("error")).contains("name");
        assertThat(SERVER.admin().post("/api/users", Map.of("username", "bademail", "password", "long-enough-1", "name", "N",
                "email", "not-an-email", "role", "viewer")).text("error")).contains("email");
        assertThat(SERVER.admin().post("/api/users", "").status()).isEqualTo(400);

        assertThat(SERVER.admin().get("/api/users").json().get("total_data").asLong()).isEqualTo(before);
    }

    @Test
    void duplicateUsernameIsAConflictWhateverTheCase() {
        assertThat(SERVER.admin().post("/api/users", user("dupe", "dupe-pass-1", "viewer")).status()).isEqualTo(201);

        ApiClient.Response again = SERVER.admin().post("/api/users", user("DUPE", "dupe-pass-2", "viewer"));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("ok").asBoolean()).isFalse();
    }

    @Test
    void listIsPagedNewestFirst() {
        for (int i = 0; i < 3; i++) {
            SERVER.admin().post("/api/users", user("pager" + i, "pager-pass-1", "viewer"));
        }

        ApiClient.Response page1 = SERVER.admin().get("/api/users?page=1&limit=2");
        long total = page1.json().get("total_data").asLong();

        assertThat(page1.status()).isEqualTo(200);
        assertThat(page1.json().get("data")).hasSize(2);
        assertThat(page1.json().get("limit").asInt()).isEqualTo(2);
        assertThat(page1.json().get("current_page").asInt()).isEqualTo(1);
        assertThat(page1.json().get("total_page").asLong()).isEqualTo((total + 1) / 2);
        assertThat(page1.json().get("data").get(0).get("username").asText()).isEqualTo("pager2");
        assertThat(SERVER.admin().get("/api/users?limit=0").status()).isEqualTo(400);
        assertThat(SERVER.admin().get("/api/users?limit=101").json().get("limit").asInt()).as("served as the maximum").isEqualTo(100);
        assertThat(SERVER.admin().get("/api/users?page=0").text("error")).contains("page");
    }

    @Test
    void deletingAUserEndsTheirSessions() {
        String id = SERVER.admin().post("/api/users", user("leaver", "leaver-pass-1", "viewer")).json().get("data").get("id").asText();
        ApiClient leaver = SERVER.server().login("leaver", "leaver-pass-1");
        assertThat(leaver.get("/api/ces/ping").status()).isEqualTo(200);

        ApiClient.Response deleted = SERVER.admin().delete("/api/users/" + id);

        assertThat(deleted.status()).isEqualTo(200);
        assertThat(deleted.text("message")).isEqualTo("user deleted");
        assertThat(SERVER.admin().delete("/api/users/" + id).status()).isEqualTo(404);
        assertThat(SERVER.server().anonymous().post("/api/auth/token", Map.of("user_access", "leaver", "password", "leaver-pass-1"))
                .status()).isEqualTo(401);
    }

    @Test
    void anAdminCannotDeleteThemselves() {
        String adminId = null;
        JsonNode users = SERVER.admin().get("/api/users?limit=100").json().get("data");
        for (JsonNode u : users) {
            if (u.get("username").asText().equals(TestServer.ADMIN_USERNAME)) {
                adminId = u.get("id").asText();
            }
        }

        ApiClient.Response r = SERVER.admin().delete("/api/users/" + adminId);

        assertThat(r.status()).isEqualTo(409);
        assertThat(r.text("error")).contains("your own account");
    }
}
