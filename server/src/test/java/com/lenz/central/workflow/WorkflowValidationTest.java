package com.lenz.central.workflow;

import static com.lenz.central.workflow.WorkflowBodies.manual;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static com.lenz.central.workflow.WorkflowBodies.with;
import static com.lenz.central.workflow.WorkflowBodies.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.lenz.central.workflow.core.WebhookToken;

/** Every check of a workflow body: a 400 naming the field, and nothing stored (nor changed, on PUT). */
class WorkflowValidationTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(TestServer.Builder::withTestPlugins);

    private static Map<String, Object> schedule(Map<String, Object> config) {
        return Map.of("type", "schedule", "config", config);
    }

    private static void rejected(Object body, String... errorParts) {
        long before = count();
        ApiClient.Response r = SERVER.admin().post("/api/workflows", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.json().get("ok").asBoolean()).isFalse();
        assertThat(r.text("message")).isEqualTo("invalid request");
        assertThat(r.text("error")).as(r.toString()).contains(errorParts);
        assertThat(count()).as("nothing stored").isEqualTo(before);
    }

    private static long count() {
        return SERVER.admin().get("/api/workflows").json().get("total_data").asLong();
    }

    @Test
    void bodyMustBeAWorkflowObject() {
        rejected("", "request body");
        rejected("[1, 2]", "JSON object");
        rejected("{\"name\": ", "malformed JSON");
        rejected(manual("x", node("a", "echo", Map.of("text", "nul \u0000 here"))), "nodes[0].config.text", "NUL");
    }

    @Test
    void nameIsRequired() {
        Map<String, Object> body = manual("x");
        body.remove("name");
        rejected(body, "name is required");
        rejected(manual("   "), "name is required");
        Map<String, Object> number = manual("x");
        number.put("name", 42);
        rejected(number, "name must be a string");
        rejected(manual("n".repeat(201)), "name", "200");
    }

    @Test
    void isActiveMustBeABoolean() {
        Map<String, Object> body = manual("x");
        body.put("is_active", "yes");
        rejected(body, "is_active");
    }

    @Test
    void triggerTypeMustBeKnown() {
        Map<String, Object> body = manual("x");
        body.remove("trigger_node");
        rejected(body, "trigger_node is required");
        rejected(workflow("x", Map.of()), "trigger_node.type is required");
        rejected(workflow("x", Map.of("type", "cron")), "trigger_node.type", "manual, schedule, webhook or event");
        rejected(workflow("x", Map.of("type", "manual", "config", "nope")), "trigger_node.config must be an object");
    }

    @Test
    void scheduleNeedsAValidCronAndAnIanaZone() {
        rejected(workflow("x", schedule(Map.of())), "trigger_node.config.cron is required");
        rejected(workflow("x", schedule(Map.of("cron", 7))), "trigger_node.config.cron must be a string");
        rejected(workflow("x", schedule(Map.of("cron", "0 0 7 * *  * *"))), "trigger_node.config.cron", "fields");
        rejected(workflow("x", schedule(Map.of("cron", "0 0 25 * * *"))), "trigger_node.config.cron");
        rejected(workflow("x", schedule(Map.of("cron", "61 * * * *"))), "trigger_node.config.cron");
        rejected(workflow("x", schedule(Map.of("cron", "0 0 7 31 2 *"))), "trigger_node.config.cron never fires");
        rejected(workflow("x", schedule(Map.of("cron", "0 0 7 * * *", "timezone", "Mars/Olympus"))), "trigger_node.config.timezone");
        rejected(workflow("x", schedule(Map.of("cron", "0 0 7 * * *", "timezone", "+07:00"))), "trigger_node.config.timezone");

        assertThat(SERVER.admin().post("/api/workflows", workflow("six", schedule(Map.of("cron", "0 0 7 * * *")))).status()).isEqualTo(201);
        assertThat(SERVER.admin().post("/api/workflows", workflow("five", schedule(Map.of("cron", "*/5 7-18 * * 1-5",
                "timezone", "Asia/Jakarta")))).status()).isEqualTo(201);
    }

    @Test
    void webhookNeedsATokenAndKnownOptions() {
        rejected(workflow("x", Map.of("type", "webhook")), "trigger_node.config.token is required");
        rejected(workflow("x", Map.of("type", "webhook", "config", Map.of("token", "short"))), "trigger_node.config.token");
        rejected(workflow("x", Map.of("type", "webhook", "config", Map.of("token", "long-enough-token", "response", "all"))),
                "trigger_node.config.response");
        rejected(workflow("x", Map.of("type", "webhook", "config", Map.of("token", "long-enough-token", "timeout_ms", -1))),
                "trigger_node.config.timeout_ms");
    }

    @Test
    void eventNeedsAnAnalyticType() {
        rejected(workflow("x", Map.of("type", "event", "config", Map.of())), "trigger_node.config.analytic_type");
        rejected(workflow("x", Map.of("type", "event", "config", Map.of("analytic_type", "FR", "stream_id", 3))),
                "trigger_node.config.stream_id");
    }

    @Test
    void nodesMustBeAListOfNodesWithUniqueIds() {
        Map<String, Object> body = manual("x");
        body.put("nodes", "none");
        rejected(body, "nodes must be a list");
        body.remove("nodes");
        rejected(body, "nodes is required");
        rejected(manual("x", node("bad id!", "echo", Map.of())), "nodes[0].id");
        rejected(manual("x", node("a", "echo", Map.of()), node("a", "echo", Map.of())), "nodes[1].id", "unique");
    }

    @Test
    void nodeTypesMustBeLoaded() {
        rejected(manual("x", node("a", "echo", Map.of()), node("b", "no_such_node", Map.of())),
                "nodes[1].type", "unknown node type 'no_such_node'");
        Map<String, Object> untyped = node("a", "echo", Map.of());
        untyped.remove("type");
        rejected(manual("x", untyped), "nodes[0].type is required");
    }

    @Test
    void nodeConfigsMustMatchTheirSchema() {
        rejected(manual("x", node("a", "fail", Map.of())), "nodes[0].config.message: is required");
        rejected(manual("x", node("a", "echo", Map.of("count", "three"))), "nodes[0].config.count", "integer");
        rejected(manual("x", node("a", "echo", Map.of("count", -1))), "nodes[0].config.count", "minimum");
        rejected(manual("x", node("a", "echo", Map.of("format", "xml"))), "nodes[0].config.format");
        rejected(manual("x", node("a", "echo", Map.of("items", List.of("a", 2)))), "nodes[0].config.items[1]");
        rejected(manual("x", node("a", "uppercase", Map.of("text", "x", "extra", 1))), "nodes[0].config.extra", "not a known field");
        rejected(manual("x", node("a", "set", Map.of("values", "{{trigger.body}}"))), "nodes[0].config.values", "object");
        Map<String, Object> notAnObject = node("b", "echo", Map.of());
        notAnObject.put("config", "not an object");
        rejected(manual("x", node("a", "echo", Map.of()), notAnObject), "nodes[1].config must be an object");
    }

    @Test
    void theNodeTypeItselfValidatesTheConfig() {
        rejected(manual("x", node("a", "uppercase", Map.of("text", "  "))), "nodes[0].config.text: must not be blank");
    }

    @Test
    void templatedStringsAreAcceptedWhereTheSchemaWantsScalars() {
        ApiClient.Response r = SERVER.admin().post("/api/workflows", manual("templated",
                node("a", "echo", Map.of("count", 3)),
                node("b", "echo", Map.of("count", "{{prev.body.count}}", "enabled", "{{trigger.body.on}}",
                        "format", "{{trigger.body.format}}", "ratio", "{{nodes.a.body.count}}"))));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    @Test
    void escapedBracesAreLiteralTextCheckedAtSave() {
        // "\{{x}}" renders as the text "{{x}}": no template, so the schema and the node check it when saving.
        rejected(manual("x", node("a", "echo", Map.of("count", "\\{{trigger.body.n}}"))), "nodes[0].config.count");
        rejected(manual("x", node("a", "http_request", Map.of("url", "\\{{trigger.body.url}}"))),
                "nodes[0].config.url: must start with http:// or https://");
        ApiClient.Response r = SERVER.admin().post("/api/workflows", manual("escaped and real",
                node("a", "http_request", Map.of("url", "\\{{x}} {{trigger.body.url}}"))));
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
    }

    @Test
    void commonNodeOptionsAreChecked() {
        Map<String, Object> n = node("a", "echo", Map.of());
        rejected(manual("x", with(n, "retry", Map.of("backoff_ms", 10))), "nodes[0].retry.max_attempts");
        rejected(manual("x", with(n, "retry", Map.of("max_attempts", 11))), "nodes[0].retry.max_attempts");
        rejected(manual("x", with(n, "retry", Map.of("max_attempts", 2, "backoff_ms", -5))), "nodes[0].retry.backoff_ms");
        rejected(manual("x", with(n, "retry", 3)), "nodes[0].retry must be an object");
        rejected(manual("x", with(n, "timeout_ms", 0)), "nodes[0].timeout_ms");
        rejected(manual("x", with(n, "timeout_ms", "1s")), "nodes[0].timeout_ms");
        rejected(manual("x", with(n, "continue_on_fail", "yes")), "nodes[0].continue_on_fail");

        Map<String, Object> all = with(with(with(n, "retry", Map.of("max_attempts", 3, "backoff_ms", 50)), "timeout_ms", 5000),
                "continue_on_fail", true);
        ApiClient.Response ok = SERVER.admin().post("/api/workflows", manual("options", all));
        assertThat(ok.status()).as(ok.toString()).isEqualTo(201);
        assertThat(ok.json().get("data").get("nodes").get(0).get("retry").get("max_attempts").asInt()).isEqualTo(3);
        assertThat(ok.json().get("data").get("nodes").get(0).get("timeout_ms").asLong()).isEqualTo(5000);
        assertThat(ok.json().get("data").get("nodes").get(0).get("continue_on_fail").asBoolean()).isTrue();
    }

    @Test
    void templatesMustParseAndReferOnlyToEarlierNodes() {
        rejected(manual("x", node("first", "echo", Map.of("text", "{{prev.body.x}}"))), "nodes[0].config.text", "first node");
        rejected(manual("x", node("a", "echo", Map.of()), node("b", "echo", Map.of("text", "{{prev.body.x"))),
                "nodes[1].config.text", "does not parse");
        rejected(manual("x", node("a", "echo", Map.of("text", "{{nodes.b.body.x}}")), node("b", "echo", Map.of())),
                "nodes[0].config.text", "runs after");
        rejected(manual("x", node("a", "echo", Map.of("text", "{{nodes.a.body.x}}"))), "nodes[0].config.text", "its own");
        rejected(manual("x", node("a", "echo", Map.of()), node("b", "echo", Map.of("text", "{{nodes.zzz.body.x}}"))),
                "nodes[1].config.text", "no node with id zzz");
        rejected(manual("x", node("a", "echo", Map.of("nested", Map.of("deep", List.of("ok", "{{secrets.key}}"))))),
                "nodes[0].config.nested.deep[1]", "unknown variable secrets");
        rejected(manual("x", node("a", "echo", Map.of("text", "{{#if trigger.x}}y{{/if}}"))), "nodes[0].config.text", "only variables");
        rejected(manual("x", node("a", "echo", Map.of("text", "{{> partial}}"))), "nodes[0].config.text", "only variables");
        rejected(manual("x", node("a", "echo", Map.of("text", "{{lookup trigger 'x'}}"))), "nodes[0].config.text", "only variables");
        rejected(manual("x", node("a", "echo", Map.of("text", "{{workflow.secret}}"))), "nodes[0].config.text", "workflow has only");
    }

    @Test
    void aRejectedReplaceChangesNothing() {
        String id = SERVER.admin().post("/api/workflows", manual("keep me", node("a", "echo", Map.of("text", "v1"))))
                .json().get("data").get("id").asText();
        Map<String, Object> bad = manual("changed", node("a", "no_such_node", Map.of()));

        ApiClient.Response r = SERVER.admin().put("/api/workflows/" + id, bad);

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text("error")).contains("nodes[0].type");
        assertThat(SERVER.admin().get("/api/workflows/" + id).json().get("data").get("name").asText()).isEqualTo("keep me");
    }

    @Test
    void aWebhookTokenIsNeverAnsweredAndSurvivesAReplaceWithoutIt() {
        Map<String, Object> config = new LinkedHashMap<>(Map.of("token", "the-secret-token-1"));
        ApiClient.Response created = SERVER.admin().post("/api/workflows", workflow("hook", Map.of("type", "webhook", "config", config)));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.raw()).doesNotContain("the-secret-token-1");
        String id = created.json().get("data").get("id").asText();
        assertThat(SERVER.admin().get("/api/workflows/" + id).raw()).doesNotContain("the-secret-token-1");

        // The client sends back what it read: the placeholder keeps the stored token.
        Map<String, Object> again = workflow("hook renamed", Map.of("type", "webhook",
                "config", Map.of("token", created.json().get("data").get("trigger_node").get("config").get("token").asText())));
        ApiClient.Response replaced = SERVER.admin().put("/api/workflows/" + id, again);
        assertThat(replaced.status()).as(replaced.toString()).isEqualTo(200);
        // only the token's hash is stored
        assertThat(storedTokenHash(id)).isEqualTo(WebhookToken.sha256Hex("the-secret-token-1"));

        SERVER.admin().put("/api/workflows/" + id, workflow("hook", Map.of("type", "webhook", "config", Map.of("token", "a-new-token-222"))));
        assertThat(storedTokenHash(id)).isEqualTo(WebhookToken.sha256Hex("a-new-token-222"));
    }

    private static String storedTokenHash(String workflowId) {
        try (var c = com.lenz.central.testing.SharedPostgres.cluster().connect(databaseName());
             var s = c.prepareStatement("SELECT CASE WHEN trigger_config -> 'token' IS NOT NULL THEN 'plain token stored' "
                     + "ELSE trigger_config->>'token_sha256' END FROM workflows WHERE id = ?")) {
            s.setString(1, workflowId);
            try (var rs = s.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String databaseName() {
        String url = SERVER.server().setting("database.url");
        return url.substring(url.lastIndexOf('/') + 1);
    }
}
