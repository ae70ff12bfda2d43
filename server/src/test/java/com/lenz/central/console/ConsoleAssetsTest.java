package com.lenz.central.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServerExtension;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console's files over plain HTTP: public, from the jar, under a strict Content-Security-Policy, holding
 * no data; the data stays behind the API's token.
 */
class ConsoleAssetsTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();

    private static ApiClient anonymous() {
        return SERVER.server().anonymous();
    }

    @Test
    void theConsoleIsServedWithoutATokenUnderAContentSecurityPolicyAllowingNoInlineScript() {
        ApiClient.Response root = anonymous().get("/console");
        assertThat(root.status()).isEqualTo(308);
        assertThat(root.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/console/"));

        ApiClient.Response page = anonymous().get("/console/");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("connect-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(Pattern.compile("<script(?![^>]*\\bsrc=)").matcher(page.raw()).find()).as("an inline script").isFalse();
        assertThat(page.raw()).doesNotContain("style=").doesNotContain(" onclick=").doesNotContain("http://")
                .doesNotContain("https://");

        for (String file : List.of("js/app.js", "js/api.js", "js/pages/nodes.js", "js/pages/execution.js")) {
            ApiClient.Response js = anonymous().get("/console/" + file);
            assertThat(js.status()).as(file).isEqualTo(200);
            assertThat(js.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
            assertThat(js.raw()).as("%s calls only this server's API", file).doesNotContain("http://").doesNotContain("https://");
        }
        assertThat(anonymous().get("/console/console.css").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }

    @Test
    void anUnchangedFileIsNotSentAgain() {
        ApiClient.Response first = anonymous().get("/console/js/app.js");
        String tag = first.headers().firstValue("ETag").orElseThrow();
        ApiClient.Response again = anonymous().send(anonymous().request("/console/js/app.js").header("If-None-Match", tag).GET());
        assertThat(again.status()).isEqualTo(304);
    }

    @Test
    void onlyTheConsolesOwnFilesAreServedAndAMissOrAnEscapeIsTheEnvelope() {
        for (String path : List.of("/console/nope.js", "/console/../config.yml", "/console/%2e%2e/config.yml",
                "/console/js/../../com/lenz/central/CentralApplication.class", "/console/META-INF/MANIFEST.MF",
                "/console/App.js", "/console/js/app.js.map")) {
            ApiClient.Response r = anonymous().send(anonymous().request(path).GET());
            assertThat(r.status()).as(path).isIn(400, 404);
            assertThat(r.json().path("ok").asBoolean(true)).as(path).isFalse();
        }
        ApiClient.Response missing = anonymous().get("/console/nope.js");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.text("error")).isEqualTo("no console file nope.js");
    }

    @Test
    void theDataTheConsoleShowsStillNeedsTheToken() {
        for (String path : List.of("/api/workflows", "/api/ces/metrics", "/api/ces/replication/status")) {
            assertThat(anonymous().get(path).status()).as(path).isEqualTo(401);
        }
        ApiClient.Response post = anonymous().send(anonymous().request("/console/")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json"));
        assertThat(post.status()).as("the console takes no writes").isEqualTo(405);
    }
}
