package com.lenz.central.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CORS for the web front end: the server allows one page origin (CORS_ALLOWED_ORIGINS) and no other.
 * Proved with plain HTTP and in a real browser: headless Chromium opens a page from the allowed origin
 * whose script logs in and lists workflows with fetch, and the same page from another origin.
 */
class CorsTest {

    // The page servers start before the API server, which is told the allowed one's origin.
    private static final HttpServer allowedPages = pageServer();
    private static final HttpServer otherPages = pageServer();
    private static final String allowedOrigin = "http://127.0.0.1:" + allowedPages.getAddress().getPort();
    private static final String otherOrigin = "http://127.0.0.1:" + otherPages.getAddress().getPort();
    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(b -> b.set("corsAllowedOrigins",
            "https://unused.example.com, " + allowedOrigin + "/"));
    private static TestServer server;
    private static String api;

    @BeforeAll
    static void start() {
        server = SERVER.server();
        api = "http://127.0.0.1:" + server.port();
    }

    @AfterAll
    static void stop() {
        allowedPages.stop(0);
        otherPages.stop(0);
    }

    /** A page whose script logs in and lists workflows on the API (its address in the query), writing what it got. */
    private static HttpServer pageServer() {
        HttpServer pages;
        try {
            pages = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        pages.createContext("/", exchange -> {
            byte[] html = """
                    <!doctype html><html><body><pre id="result">pending</pre><script>
                    const api = new URLSearchParams(location.search).get('api');
                    const out = document.getElementById('result');
                    (async () => {
                      try {
                        const login = await fetch(api + '/api/auth/token', {method: 'POST',
                          headers: {'Content-Type': 'application/json'},
                          body: JSON.stringify({user_access: '%s', password: '%s'})});
                        const token = (await login.json()).access_token;
                        const list = await fetch(api + '/api/workflows?limit=5', {headers: {'Authorization': 'Bearer ' + token}});
                        const body = await list.json();
                        out.textContent = 'login=' + login.status + ' list=' + list.status + ' ok=' + body.ok
                          + ' total_data=' + body.total_data;
                      } catch (e) {
                        out.textContent = 'failed: ' + e;
                      }
                    })();
                    </script></body></html>
                    """.formatted(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, html.length);
            exchange.getResponseBody().write(html);
            exchange.close();
        });
        pages.start();
        return pages;
    }

    private static ApiClient.Response preflight(String origin, String method, String headers) {
        HttpRequest.Builder request = server.anonymous().request("/api/workflows")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", method);
        if (headers != null) {
            request.header("Access-Control-Request-Headers", headers);
        }
        return server.anonymous().send(request);
    }

    @Test
    void aPreflightFromAnAllowedOriginIs204WithoutATokenAndAllowsTheApisHeaders() {
        ApiClient.Response r = preflight(allowedOrigin, "POST", "authorization,content-type,x-api-key,x-webhook-token");

        assertThat(r.status()).as(r.toString()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(allowedOrigin);
        assertThat(String.join(",", r.headers().allValues("Access-Control-Allow-Methods")))
                .contains("GET").contains("POST").contains("PUT").contains("DELETE");
        String allowedHeaders = String.join(",", r.headers().allValues("Access-Control-Allow-Headers")).toLowerCase();
        for (String header : List.of("authorization", "content-type", "x-api-key", "x-webhook-token")) {
            assertThat(allowedHeaders).contains(header);
        }
        assertThat(r.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
    }

    @Test
    void anActualRequestFromAnAllowedOriginIsGranted() {
        ApiClient admin = server.admin();
        ApiClient.Response r = admin.send(admin.request("/api/workflows").header("Origin", allowedOrigin).GET());

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue(allowedOrigin);
        assertThat(r.headers().allValues("Vary")).anyMatch(v -> v.contains("Origin"));
    }

    @Test
    void anotherOriginGetsNoGrant() {
        ApiClient.Response pre = preflight(otherOrigin, "GET", "authorization");
        assertThat(pre.status()).as(pre.toString()).isNotEqualTo(204);
        assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
        assertThat(pre.headers().firstValue("Access-Control-Allow-Headers")).isEmpty();

        ApiClient admin = server.admin();
        ApiClient.Response actual = admin.send(admin.request("/api/workflows").header("Origin", otherOrigin).GET());
        assertThat(actual.status()).isEqualTo(200);
        assertThat(actual.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    void inABrowserThePageOfTheAllowedOriginLogsInAndListsWorkflowsAndAnotherOriginsPageGetsNothing() throws Exception {
        String chromium = chromium();

        String allowed = pageText(chromium, allowedOrigin + "/?api=" + api);
        assertThat(allowed).as("page of %s", allowedOrigin).isEqualTo("login=200 list=200 ok=true total_data=0");

        String other = pageText(chromium, otherOrigin + "/?api=" + api);
        assertThat(other).as("page of %s", otherOrigin).startsWith("failed: TypeError");
    }

    /** The browser to use; the test is skipped without one, except in CI, where it must run. */
    private static String chromium() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "chromium"))) {
                return Path.of(dir, "chromium").toString();
            }
        }
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (ci) {
            throw new AssertionError("chromium is not installed; .ci/run installs it (apt-get install -y chromium)");
        }
        assumeTrue(false, "chromium is not installed (apt-get install -y chromium); outside CI this test is skipped");
        return null;
    }

    /** Opens the page in headless Chromium and returns the text the script left in #result. */
    private static String pageText(String chromium, String url) throws Exception {
        Path profile = Files.createTempDirectory("lenz-chromium-");
        Path dom = Files.createTempFile("lenz-dom-", ".html");
        try {
            Process browser = new ProcessBuilder(chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--user-data-dir=" + profile, "--dump-dom", "--virtual-time-budget=10000", url)
                    .redirectOutput(dom.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!browser.waitFor(120, TimeUnit.SECONDS)) {
                browser.destroyForcibly();
                throw new AssertionError("chromium did not finish within 120 s");
            }
            String html = Files.readString(dom);
            java.util.regex.Matcher result = java.util.regex.Pattern.compile("<pre id=\"result\">(.*?)</pre>",
                    java.util.regex.Pattern.DOTALL).matcher(html);
            assertThat(result.find()).as("dumped DOM: %s", html).isTrue();
            return result.group(1).strip();
        } finally {
            Files.deleteIfExists(dom);
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
