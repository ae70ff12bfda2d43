package com.lenz.central.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServerExtension;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One set of rules for every JSON body, whichever endpoint reads it: 64 levels of nesting, finite
 * numbers, no lone surrogates, valid UTF-8. A refused body is a 400 naming the rule and stores nothing;
 * what is accepted can be read back by everyone.
 */
@Tag("faults")
class JsonBodyLimitsTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();

    private static final String HOOK_TOKEN = "hook-token-12345";
    private static String manualId;
    private static String hookId;

    @BeforeAll
    static void start() {
        manualId = create(workflow("manual", "{\"type\":\"manual\"}", "{\"values\":{\"x\":1}}"));
        hookId = create(workflow("hook", "{\"type\":\"webhook\",\"config\":{\"token\":\"" + HOOK_TOKEN + "\"}}",
                "{\"values\":{\"x\":1}}"));
    }

    private static String workflow(String name, String trigger, String setConfig) {
        return "{\"name\":\"" + name + "\",\"trigger_node\":" + trigger
                + ",\"nodes\":[{\"id\":\"a\",\"type\":\"set\",\"config\":" + setConfig + "}]}";
    }

    private static String create(String body) {
        ApiClient.Response r = SERVER.admin().post("/api/workflows", body);
        assertThat(r.status()).as(r.raw()).isEqualTo(201);
        return r.json().get("data").get("id").asText();
    }

    private static String nested(int levels) {
        return "[".repeat(levels) + "]".repeat(levels);
    }

    private static ApiClient.Response send(String method, String path, byte[] body, String contentType) {
        HttpRequest.Builder request = SERVER.admin().request(path).header("Content-Type", contentType)
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (path.startsWith("/api/hooks/")) {
            request.header("X-Webhook-Token", HOOK_TOKEN);
        }
        return SERVER.admin().send(request);
    }

    private static void assertRefused(ApiClient.Response r, String... mentions) {
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.json()).as(r.raw()).isNotNull();
        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.text("message")).isEqualTo("invalid request");
        for (String mention : mentions) {
            assertThat(r.text("error")).contains(mention);
        }
    }

    /** Every endpoint that reads a body, with the body to send there (the hostile part spliced in at %s). */
    private static List<String[]> bodyEndpoints() {
        return List.of(
                new String[] {"POST", "/api/workflows", workflow("w", "{\"type\":\"manual\"}", "{\"values\":{\"x\":%s}}")},
                new String[] {"PUT", "/api/workflows/" + manualId, workflow("w", "{\"type\":\"manual\"}", "{\"values\":{\"x\":%s}}")},
                new String[] {"POST", "/api/workflows/" + manualId + "/execute", "{\"x\":%s}"},
                new String[] {"POST", "/api/hooks/" + hookId, "{\"x\":%s}"},
                new String[] {"POST", "/api/events", "{\"events\":[{\"analytic_type\":\"FR\",\"stream_id\":\"s\","
                        + "\"event_time\":\"2025-01-01T00:00:00Z\",\"data\":{\"x\":%s}}]}"},
                new String[] {"POST", "/api/users", "{\"username\":\"u1\",\"password\":\"pass-word-1\",\"name\":\"N\","
                        + "\"role\":\"viewer\",\"x\":%s}"},
                new String[] {"POST", "/api/credentials", "{\"name\":\"c\",\"type\":\"http_header\","
                        + "\"data\":{\"name\":\"X-A\",\"value\":\"v\"},\"x\":%s}"},
                new String[] {"POST", "/api/auth/token", "{\"user_access\":\"admin\",\"password\":\"x\",\"x\":%s}"},
                new String[] {"POST", "/api/ces/replication/setup", "{\"x\":%s}"});
    }

    @Test
    void sixtyFiveLevelsAre400NamingTheLimitOnEveryEndpoint() {
        for (String[] endpoint : bodyEndpoints()) {
            byte[] body = String.format(endpoint[2], nested(65)).getBytes(StandardCharsets.UTF_8);
            assertRefused(send(endpoint[0], endpoint[1], body, "application/json"), "64 levels");
        }
    }

    @Test
    void aDeeplyNestedWorkflowIsRefusedAndTheListStillServesEveryone() {
        long before = SERVER.admin().get("/api/workflows").json().get("total_data").asLong();

        for (int levels : new int[] {994, 996, 100_000}) {
            String deep = workflow("deep", "{\"type\":\"manual\"}", "{\"values\":{\"x\":" + nested(levels) + "}}");
            assertRefused(SERVER.admin().post("/api/workflows", deep), "64 levels");
        }

        ApiClient.Response list = SERVER.admin().get("/api/workflows?limit=100");
        assertThat(list.status()).as(list.raw()).isEqualTo(200);
        assertThat(list.json().get("total_data").asLong()).isEqualTo(before);
    }

    @Test
    void whatNestsAsDeepAsAllowedIsStoredRunAndReadBack() {
        // The body itself is 64 levels deep at the innermost array; the stored execution adds its own levels.
        String id = create(workflow("deep-ok", "{\"type\":\"manual\"}", "{\"values\":{\"x\":" + nested(59) + "}}"));

        ApiClient.Response run = send("POST", "/api/workflows/" + id + "/execute",
                ("{\"y\":" + nested(63) + "}").getBytes(StandardCharsets.UTF_8), "application/json");

        assertThat(run.status()).as(run.raw()).isEqualTo(200);
        assertThat(run.json().get("ok").asBoolean()).as(run.raw()).isTrue();
        String executionId = run.json().get("data").get("id").asText();
        assertThat(SERVER.admin().get("/api/workflows").status()).isEqualTo(200);
        assertThat(SERVER.admin().get("/api/workflows/" + id).status()).isEqualTo(200);
        assertThat(SERVER.admin().get("/api/workflows/" + id + "/logs").status()).isEqualTo(200);
        assertThat(SERVER.admin().get("/api/workflows/" + id + "/logs/" + executionId).status()).isEqualTo(200);
    }

    @Test
    void nonFiniteNumbersAre400NotInfinity() {
        for (String[] endpoint : bodyEndpoints()) {
            byte[] body = String.format(endpoint[2], "1e999999999").getBytes(StandardCharsets.UTF_8);
            assertRefused(send(endpoint[0], endpoint[1], body, "application/json"), "finite");
        }
        ApiClient.Response r = SERVER.admin().post("/api/workflows", workflow("inf", "{\"type\":\"manual\"}",
                "{\"values\":{\"x\":-1e400}}"));
        assertRefused(r, "nodes[0].config.values.x");
        assertThat(names()).doesNotContain("inf");
    }

    @Test
    void loneSurrogatesAre400NotQuestionMarks() {
        for (String[] endpoint : bodyEndpoints()) {
            byte[] body = String.format(endpoint[2], "\"ab\\ud800cd\"").getBytes(StandardCharsets.UTF_8);
            assertRefused(send(endpoint[0], endpoint[1], body, "application/json"), "lone surrogate");
        }
        assertRefused(SERVER.admin().post("/api/workflows", workflow("sur\\udc00", "{\"type\":\"manual\"}", "{\"values\":{}}")),
                "field 'name'");
        assertThat(names()).noneMatch(n -> n.startsWith("sur"));
    }

    @Test
    void invalidUtf8Is400NotReplacementCharacters() {
        for (String[] endpoint : bodyEndpoints()) {
            byte[] good = String.format(endpoint[2], "\"ab-cd\"").getBytes(StandardCharsets.UTF_8);
            int at = new String(good, StandardCharsets.ISO_8859_1).indexOf("ab-cd") + 2;
            good[at] = (byte) 0xff;
            assertRefused(send(endpoint[0], endpoint[1], good, "application/json"), "UTF-8");
        }
        // An execute body reached the run with U+FFFD in place of the bad bytes.
        byte[] body = "{\"who\":\"Bu\u00ffdi\"}".getBytes(StandardCharsets.ISO_8859_1);
        assertRefused(send("POST", "/api/workflows/" + manualId + "/execute", body, "application/json"), "UTF-8");
    }

    @Test
    void executeTakesJsonOnlyLikeEveryOtherEndpoint() {
        ApiClient.Response text = send("POST", "/api/workflows/" + manualId + "/execute",
                "hello".getBytes(StandardCharsets.UTF_8), "text/plain");
        ApiClient.Response bare = SERVER.admin().send(SERVER.admin().request("/api/workflows/" + manualId + "/execute")
                .POST(HttpRequest.BodyPublishers.noBody()));
        ApiClient.Response json = SERVER.admin().post("/api/workflows/" + manualId + "/execute", "{\"who\":\"Budi\"}");

        assertThat(text.status()).as(text.raw()).isEqualTo(415);
        assertThat(text.json().get("ok").asBoolean()).isFalse();
        assertThat(text.text("message")).isEqualTo("unsupported media type");
        assertThat(bare.status()).as("no body, no Content-Type: " + bare.raw()).isEqualTo(200);
        assertThat(json.status()).as(json.raw()).isEqualTo(200);
    }

    private static List<String> names() {
        JsonNode data = SERVER.admin().get("/api/workflows?limit=100").json().get("data");
        return java.util.stream.StreamSupport.stream(data.spliterator(), false).map(w -> w.get("name").asText()).toList();
    }
}
