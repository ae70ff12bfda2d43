package com.lenz.central.http;

import static com.lenz.central.workflow.WorkflowBodies.manual;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static com.lenz.central.workflow.WorkflowBodies.workflow;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServerExtension;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A query parameter an endpoint does not know is a 400 naming it, on every list (and every other GET) of
 * the API; a webhook's query string is data and never refused.
 */
class UnknownQueryParametersTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();

    @Test
    void everyListEndpointRefusesAParameterItDoesNotKnowAndNamesIt() {
        String workflow = createWorkflow(manual("lists", node("a", "set", Map.of("values", Map.of("x", 1)))));
        List<String> lists = List.of("/api/users", "/api/workflows", "/api/workflows/" + workflow + "/logs",
                "/api/executions", "/api/events", "/api/credentials", "/api/ces/metrics", "/api/plugins",
                "/api/workflows/node-types");
        SoftAssertions soft = new SoftAssertions();
        for (String list : lists) {
            ApiClient.Response r = SERVER.admin().get(list + "?sort=name");
            soft.assertThat(r.status()).as(list + " -> " + r).isEqualTo(400);
            soft.assertThat(r.text("error")).as(list).startsWith("unknown query parameter: sort (");
            ApiClient.Response two = SERVER.admin().get(list + "?zeta=1&alpha=2");
            soft.assertThat(two.text("error")).as(list).startsWith("unknown query parameters: alpha, zeta");
        }
        soft.assertAll();
        assertThat(SERVER.admin().get("/api/users?page=1&limit=5").status()).isEqualTo(200);
        assertThat(SERVER.admin().get("/api/events?analytic_type=FR&page=1").status()).isEqualTo(200);
        assertThat(SERVER.admin().get("/api/workflows?search=lists").status()).isEqualTo(200);
        // A known parameter reaches the endpoint, whatever it then answers (CES is off here: 409).
        assertThat(SERVER.admin().get("/api/ces/metrics?search=a").status()).isEqualTo(409);
        // Today's bug: a filter the endpoint does not have was silently ignored.
        assertThat(SERVER.admin().get("/api/workflows?status=success").text("error"))
                .isEqualTo("unknown query parameter: status (this endpoint takes limit, page, search)");
        assertThat(SERVER.admin().get("/api/users?bogus=1").text("error"))
                .isEqualTo("unknown query parameter: bogus (this endpoint takes limit, page)");
    }

    /** Found in the running application, so that an endpoint added later is covered without touching this test. */
    @Test
    void everyGetOfTheApplicationRefusesUnknownParameters() {
        // Dropwizard's own list of endpoints (what it logs at start): "    GET     /api/users (com.lenz...)".
        List<String> paths = new ArrayList<>();
        Matcher line = Pattern.compile("(?m)^\\s*GET\\s+(\\S+)\\s+\\(com\\.lenz\\.central\\.")
                .matcher(SERVER.server().environment().jersey().getResourceConfig().getEndpointsInfo());
        while (line.find()) {
            paths.add(line.group(1).replaceAll("\\{[^}]+}", "x"));
        }
        assertThat(paths).contains("/api/executions", "/api/users", "/api/ces/ping", "/api/workflows/x/logs");
        SoftAssertions soft = new SoftAssertions();
        for (String path : paths) {
            ApiClient.Response r = SERVER.admin().get(path + "?no_such_parameter=1");
            soft.assertThat(r.status()).as(path + " -> " + r).isEqualTo(400);
            soft.assertThat(r.text("error")).as(path).contains("no_such_parameter");
        }
        soft.assertAll();
    }

    @Test
    void aParameterAMethodDeclaresIsCheckedOnPostsToo() {
        String workflow = createWorkflow(manual("post", node("a", "set", Map.of("values", Map.of("x", 1)))));
        ApiClient.Response r = SERVER.admin().post("/api/workflows/" + workflow + "/execute?wiat=false", null);
        assertThat(r.status()).as(r.toString()).isEqualTo(400);
        assertThat(r.text("error")).isEqualTo("unknown query parameter: wiat (this endpoint takes wait)");
    }

    @Test
    void withoutATokenTheAnswerIs401NotAHintAboutParameters() {
        assertThat(SERVER.server().anonymous().get("/api/users?bogus=1").status()).isEqualTo(401);
    }

    @Test
    void aWebhooksQueryStringIsDataAndNeverRefused() {
        String token = "hook-token-of-some-length";
        String workflow = createWorkflow(workflow("hook", Map.of("type", "webhook", "config", Map.of("token", token)),
                node("a", "set", Map.of("values", Map.of("q", "{{trigger.query}}")))));
        HttpRequest.Builder call = SERVER.server().anonymous().request("/api/hooks/" + workflow + "?status=x&anything=1")
                .header("Content-Type", "application/json").header("X-Webhook-Token", token)
                .POST(HttpRequest.BodyPublishers.ofString("{}"));
        ApiClient.Response r = SERVER.server().anonymous().send(call);
        assertThat(r.status()).as(r.toString()).isEqualTo(202);
    }

    private static String createWorkflow(Map<String, Object> body) {
        ApiClient.Response r = SERVER.admin().post("/api/workflows", body);
        assertThat(r.status()).as(r.toString()).isEqualTo(201);
        return r.json().get("data").get("id").asText();
    }
}
