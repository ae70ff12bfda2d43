package com.lenz.central.console;

import static com.lenz.central.workflow.WorkflowBodies.manual;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.ces.api.CesMetricsTest;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.PgCluster;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.net.http.HttpRequest;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;

/**
 * The operator console, against one server for the class (a CES master with a short offline threshold and the
 * test node types): its files over plain HTTP, then the pages in a real browser (headless Chromium through
 * chromedriver), each test signing in through the form and working the pages as a user would. The
 * screenshots in the README are taken here.
 */
class ConsoleBrowserTest {

    private static final String KEY = "console-test-api-key";

    /** A cluster of its own: the replication page's setup changes the cluster's settings (ALTER SYSTEM). */
    private static PgCluster cluster;

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(b -> b.withTestPlugins()
            .databases((cluster = PgCluster.start()).createDatabase("lenz"), cluster.createDatabase("fremis"))
            .set("ces.enabled", "true").set("ces.mode", "master").set("ces.masterApiKey", KEY)
            .set("ces.nodeId", "c0n5013e").set("ces.nodeName", "Master Gateway").set("ces.nodeIp", "192.168.1.10")
            .set("ces.offlineAfter", "3s"));

    private static ConsoleBrowser browser;

    /** One browser for the class, started by the first test that needs it. */
    private static ConsoleBrowser browser() {
        if (browser == null) {
            browser = ConsoleBrowser.start(SERVER.server().baseUrl());
        }
        return browser;
    }

    @AfterAll
    static void closeBrowserAndCluster() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            SERVER.server().close(); // before its cluster (closing it again afterwards changes nothing)
            cluster.close();
        }
    }

    private static ApiClient admin() {
        return SERVER.admin();
    }

    private static String createWorkflow(Map<String, Object> body) {
        ApiClient.Response created = admin().post("/api/workflows", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("data").path("id").asText();
    }

    /** Runs it to the end through the API (422 when it failed) and returns the execution id. */
    private static String runToEnd(String workflowId) {
        ApiClient.Response run = admin().post("/api/workflows/" + workflowId + "/execute", Map.of());
        assertThat(run.status()).as(run.toString()).isIn(200, 422);
        return run.json().path("data").path("id").asText();
    }

    private static void report(String id, String name, String ip, int enrollments) {
        ApiClient.Response r = CesMetricsTest.report(SERVER.server().anonymous(), KEY, Map.of("id", id, "name", name,
                "ip_address", ip, "total_enrollment", enrollments, "custom_fields", Map.of("location", "Gedung B")));
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
    }

    private static String nodeStatus(ConsoleBrowser b, String nodeId) {
        return b.text(By.cssSelector("tr[data-node='" + nodeId + "'] td.status"));
    }

    /**
     * Every visible control has a name a screen reader reads (a label, aria-label or its text) and is in the tab
     * order: the answer lists the offenders.
     */
    @SuppressWarnings("unchecked")
    private static List<String> unlabelledControls(ConsoleBrowser b) {
        return (List<String>) b.js("""
                const bad = [];
                document.querySelectorAll('a[href], button, input, select, textarea').forEach((el) => {
                  if (!el.offsetParent) return;
                  const name = el.getAttribute('aria-label') || (el.labels && el.labels.length ? el.labels[0].textContent : '')
                    || el.textContent;
                  if (!name || !name.trim() || el.tabIndex < 0) bad.push(el.outerHTML.slice(0, 120));
                });
                return bad;""");
    }

    /** What the browser complained about: a script error or a Content-Security-Policy refusal. */
    private static List<String> scriptErrorsSoFar(ConsoleBrowser b) {
        return b.driver.manage().logs().get("browser").getAll().stream().map(Object::toString)
                .filter(line -> line.contains("Content Security Policy") || line.contains("Uncaught"))
                .toList();
    }

    private static void assertUsable(ConsoleBrowser b) {
        assertThat(unlabelledControls(b)).as("controls without a name or out of the tab order").isEmpty();
        assertThat(scriptErrorsSoFar(b)).as("script errors or CSP refusals").isEmpty();
    }

    // The files over plain HTTP (no browser needed): public, from the jar, under a strict CSP, holding no data.

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

    // In the browser

    @Test
    void signsInWithTheApisUsersShowsTheApisErrorTextAndSignsOut() {
        ConsoleBrowser b = browser();
        b.open("");
        b.js("sessionStorage.clear()");
        b.driver.navigate().refresh();
        b.waitFor(By.id("sign-in-user")).sendKeys(TestServer.ADMIN_USERNAME);
        b.driver.findElement(By.id("sign-in-password")).sendKeys("not-the-password", Keys.ENTER);
        String expected = SERVER.server().anonymous().post("/api/auth/token",
                Map.of("user_access", "nobody-" + System.nanoTime(), "password", "not-the-password")).text("error");
        b.until(d -> !b.text(By.id("sign-in-error")).isEmpty());
        assertThat(b.text(By.id("sign-in-error"))).as("the envelope's error text").isEqualTo(expected);
        b.screenshot("sign-in");

        b.signIn(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        assertThat(b.text(By.id("who-name"))).endsWith("(admin)");
        assertThat((String) b.js("return sessionStorage.getItem('lenz-console-session')")).contains("refresh_token");
        assertUsable(b);

        b.driver.findElement(By.id("sign-out")).click();
        b.waitFor(By.id("sign-in-user"));
        assertThat(b.js("return sessionStorage.getItem('lenz-console-session')")).isNull();
        assertThat(b.driver.findElement(By.id("nav")).isDisplayed()).isFalse();
    }

    @Test
    void aRefusedAccessTokenIsRenewedWithTheRefreshTokenAndAnEndedSessionShowsTheSignIn() {
        ConsoleBrowser b = browser();
        b.signIn(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        b.open("#/nodes");
        b.until(d -> !nodeStatus(b, "c0n5013e").isEmpty() ? true : null);
        String before = (String) b.js("return sessionStorage.getItem('lenz-console-session')");

        // The API refuses the access token (401): the console renews the pair and the page goes on.
        b.js("""
                const s = JSON.parse(sessionStorage.getItem('lenz-console-session'));
                s.access_token = 'refused-' + s.access_token;
                sessionStorage.setItem('lenz-console-session', JSON.stringify(s));""");
        b.until(d -> {
            String now = (String) b.js("return sessionStorage.getItem('lenz-console-session')");
            return now != null && !now.contains("refused-") ? now : null;
        });
        String after = (String) b.js("return JSON.parse(sessionStorage.getItem('lenz-console-session')).refresh_token");
        assertThat(before).doesNotContain(after);
        assertThat(b.driver.findElement(By.id("sign-in")).isDisplayed()).isFalse();
        b.js("window.sameDocument = true");
        report("5a1ve003", "Slave Refresh", "192.168.1.13", 1);
        b.until(d -> !nodeStatus(b, "5a1ve003").isEmpty() ? true : null);

        // Logged out elsewhere (both tokens dead): the next refresh fails and the sign-in form comes back.
        String access = (String) b.js("return JSON.parse(sessionStorage.getItem('lenz-console-session')).access_token");
        String refresh = (String) b.js("return JSON.parse(sessionStorage.getItem('lenz-console-session')).refresh_token");
        ApiClient.Response logout = SERVER.server().anonymous().withToken(access).post("/api/auth/logout",
                Map.of("refresh_token", refresh));
        assertThat(logout.status()).as(logout.toString()).isEqualTo(200);
        b.waitFor(By.id("sign-in-user"));
        assertThat(b.js("return sessionStorage.getItem('lenz-console-session')")).isNull();
        assertThat(b.js("return window.sameDocument")).as("no reload").isEqualTo(true);
    }

    @Test
    void aSlaveThatStopsReportingTurnsOfflineOnTheNodesPageWithoutAReload() throws InterruptedException {
        report("5a1ve001", "Slave Gedung B", "192.168.1.11", 12345);
        ConsoleBrowser b = browser();
        b.signIn(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        b.open("#/nodes");
        b.js("window.sameDocument = true");
        // The slave reports every second (CES_OFFLINE_AFTER is 3 s) until the page has shown it online.
        ScheduledExecutorService slave = Executors.newSingleThreadScheduledExecutor();
        try {
            slave.scheduleWithFixedDelay(() -> report("5a1ve001", "Slave Gedung B", "192.168.1.11", 12345), 0, 1, TimeUnit.SECONDS);
            b.until(d -> nodeStatus(b, "5a1ve001").equals("online") ? true : null);
            WebElement row = b.driver.findElement(By.cssSelector("tr[data-node='5a1ve001']"));
            assertThat(row.getText()).contains("Slave Gedung B").contains("12,345").contains("location: Gedung B");
            assertThat(nodeStatus(b, "c0n5013e")).as("the master itself").isEqualTo("online");
            WebElement lastReport = row.findElement(By.cssSelector("time[data-since]"));
            assertThat(lastReport.getText()).endsWith("ago");
            assertThat(lastReport.getAttribute("title")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(UTC\\)");
            assertUsable(b);
        } finally {
            slave.shutdownNow();
            assertThat(slave.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }

        // No more reports: past CES_OFFLINE_AFTER (3 s) the page, polling by itself, shows it offline.
        b.until(d -> nodeStatus(b, "5a1ve001").equals("offline") ? true : null);
        assertThat(b.js("return window.sameDocument")).as("the page was not reloaded").isEqualTo(true);
        b.screenshot("nodes");

        // Search: the API's regex, any case; a bad one shows the API's error text.
        WebElement search = b.driver.findElement(By.id("node-search"));
        search.sendKeys("^slave", Keys.ENTER);
        b.until(d -> d.findElements(By.cssSelector("tr[data-node='c0n5013e']")).isEmpty() ? true : null);
        assertThat(b.driver.findElements(By.cssSelector("tr[data-node='5a1ve001']"))).hasSize(1);
        search.clear();
        search.sendKeys("(", Keys.ENTER);
        String expected = admin().get("/api/ces/metrics?search=%28").text("error");
        b.until(d -> b.text(By.cssSelector("#page .error")).equals(expected) ? true : null);

        // A federated instance that is not configured: the API's 404 text.
        search.clear();
        b.driver.findElement(By.id("node-instance")).sendKeys("jakarta", Keys.ENTER);
        String unknown = admin().get("/api/ces/metrics?instance=jakarta").text("error");
        b.until(d -> b.text(By.cssSelector("#page .error")).equals(unknown) ? true : null);
    }

    @Test
    void onAPhoneSizedWindowThePagesFitTheScreenWidth() {
        report("5a1ve002", "Slave Phone", "192.168.1.12", 7);
        ConsoleBrowser b = browser();
        b.signIn(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        try {
            b.resize(390, 844);
            b.open("#/nodes");
            b.until(d -> !nodeStatus(b, "5a1ve002").isEmpty() ? true : null);
            Number overflow = (Number) b.js("return document.documentElement.scrollWidth - window.innerWidth");
            assertThat(overflow.intValue()).as("horizontal overflow of the page (tables scroll in their frame)").isLessThanOrEqualTo(0);
            b.screenshot("nodes-phone");
        } finally {
            b.resize(1280, 800);
        }
    }

    @Test
    void replicationShowsTheMastersSettingsPublicationsAndSlaves() {
        ConsoleBrowser b = browser();
        b.signIn(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        b.open("#/replication");
        b.until(d -> b.text(By.id("replication")).contains("wal_level") ? true : null);
        ApiClient.Response status = admin().get("/api/ces/replication/status");
        String page = b.text(By.id("replication"));
        assertThat(page).contains("This server is the CES master").contains("lenz_ces_pub").contains("fremis_ces_pub")
                .contains("max_replication_slots");
        assertThat(status.json().path("result").path("restart_required").asBoolean()).isFalse();
        assertThat(b.driver.findElements(By.id("restart-required"))).as("restart banner before setup").isEmpty();
        assertThat(page).contains("Not set up yet");

        // The admin's setup: WAL settings written, publications made; PostgreSQL must restart, and the page says so.
        b.waitFor(By.id("replication-setup")).sendKeys(Keys.ENTER);
        b.waitFor(By.id("restart-required"));
        assertThat(b.text(By.id("restart-required"))).startsWith("Restart required.");
        assertThat(admin().get("/api/ces/replication/status").json().path("result").path("restart_required").asBoolean())
                .isTrue();
        b.until(d -> b.text(By.id("replication")).contains("enrolled_face, face_image") ? true : null);
        assertUsable(b);
        b.screenshot("replication");
    }

    @Test
    void runsAWorkflowFromTheListAndSeesItsNodeResults() {
        String id = createWorkflow(manual("Console hello",
                node("greet", "set", Map.of("values", Map.of("text", "hello console"))),
                node("shout", "set", Map.of("values", Map.of("text", "{{prev.body.text}}!")))));
        ConsoleBrowser b = browser();
        b.signIn(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        b.open("#/workflows");
        String row = "tr[data-workflow='" + id + "']";
        b.until(d -> b.text(By.cssSelector(row + " td.last-run")).equals("never") ? true : null);
        assertUsable(b);

        // Deactivate, then activate again (PUT of the whole workflow, is_active flipped)
        b.driver.findElement(By.cssSelector(row + " button.toggle")).sendKeys(Keys.ENTER);
        b.until(d -> b.text(By.cssSelector(row + " button.toggle")).equals("Activate") ? true : null);
        assertThat(admin().get("/api/workflows/" + id).json().path("data").path("is_active").asBoolean()).isFalse();
        b.driver.findElement(By.cssSelector(row + " button.toggle")).sendKeys(Keys.ENTER);
        b.until(d -> b.text(By.cssSelector(row + " button.toggle")).equals("Deactivate") ? true : null);
        assertThat(admin().get("/api/workflows/" + id).json().path("data").path("is_active").asBoolean()).isTrue();

        // Run now, by keyboard: the console opens the new execution and follows it to the end
        b.driver.findElement(By.cssSelector(row + " button.run")).sendKeys(Keys.ENTER);
        b.until(d -> d.getCurrentUrl().contains("/executions/") ? true : null);
        b.until(d -> b.text(By.id("execution-status")).equals("success") ? true : null);
        b.until(d -> b.text(By.cssSelector("tr[data-node='shout'] td.status")).equals("success") ? true : null);
        assertThat(b.text(By.cssSelector("tr[data-node='greet']"))).contains("set").contains("hello console");
        assertThat(b.text(By.cssSelector("tr[data-node='shout']"))).contains("hello console!");
        assertThat(b.text(By.cssSelector("#workflow-link"))).isEqualTo("Console hello");
        assertBrowserLocalTime(b);
        assertUsable(b);
        b.screenshot("execution");

        b.open("#/workflows");
        b.until(d -> b.text(By.cssSelector(row + " td.last-run")).equals("success") ? true : null);
        b.screenshot("workflows");
    }

    /** The start time is shown in the browser's zone (UTC+7 here), its UTC value in the title. */
    private static void assertBrowserLocalTime(ConsoleBrowser b) {
        WebElement started = b.driver.findElement(By.cssSelector("#execution time"));
        String utc = started.getAttribute("datetime");
        assertThat(started.getAttribute("title")).isEqualTo(utc + " (UTC)");
        ZonedDateTime local = Instant.parse(utc).atZone(ZoneId.of(ConsoleBrowser.ZONE));
        int hour12 = local.getHour() % 12 == 0 ? 12 : local.getHour() % 12;
        assertThat(started.getText()).contains(String.format("%d:%02d:%02d %s", hour12, local.getMinute(),
                local.getSecond(), local.getHour() < 12 ? "AM" : "PM"));
    }

    @Test
    void cancelsARunningExecutionFromItsPage() {
        String id = createWorkflow(manual("Console long run", node("wait", "sleep", Map.of("ms", 120_000))));
        ConsoleBrowser b = browser();
        b.signIn(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        b.open("#/workflows");
        b.waitFor(By.cssSelector("tr[data-workflow='" + id + "'] button.run")).click();
        b.until(d -> b.text(By.id("execution-status")).equals("running") ? true : null);
        b.waitFor(By.id("cancel")).click();
        b.until(d -> b.text(By.id("execution-status")).equals("cancelled") ? true : null);
        assertThat(b.text(By.id("execution-error"))).isEqualTo("cancelled by user " + TestServer.ADMIN_USERNAME);
        b.until(d -> d.findElements(By.id("cancel")).isEmpty() ? true : null);
    }

    @Test
    void retriesAFailedRunFromTheFailedNode() {
        String id = createWorkflow(manual("Console retry",
                node("greet", "set", Map.of("values", Map.of("text", "kept"))),
                node("boom", "fail", Map.of("message", "boom on purpose"))));
        String failed = runToEnd(id);
        ConsoleBrowser b = browser();
        b.signIn(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        b.open("#/workflows/" + id + "/executions/" + failed);
        b.until(d -> b.text(By.id("execution-status")).equals("failed") ? true : null);
        assertThat(b.text(By.cssSelector("tr[data-node='boom']"))).contains("boom on purpose");
        b.waitFor(By.id("retry")).sendKeys(Keys.ENTER);

        b.until(d -> d.getCurrentUrl().contains("/executions/") && !d.getCurrentUrl().endsWith(failed) ? true : null);
        b.until(d -> b.text(By.id("retry-of")).equals(failed) ? true : null);
        b.until(d -> b.text(By.id("execution-status")).equals("failed") ? true : null);
        assertThat(b.text(By.cssSelector("tr[data-node='greet'] td.status"))).as("reused, not run again")
                .isEqualTo("success output reused from " + failed.substring(0, 8));
        assertThat(b.text(By.cssSelector("tr[data-node='boom']"))).contains("boom on purpose");
        b.screenshot("execution-retry");
    }

    @Test
    void recentFailuresListsFailedRunsAcrossWorkflows() {
        String one = createWorkflow(manual("Console failing one", node("boom", "fail", Map.of("message", "first failure"))));
        String two = createWorkflow(manual("Console failing two", node("boom", "fail", Map.of("message", "second failure"))));
        String first = runToEnd(one);
        String second = runToEnd(two);
        ConsoleBrowser b = browser();
        b.signIn(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        b.open("#/failures");
        b.until(d -> !d.findElements(By.cssSelector("tr[data-execution='" + first + "']")).isEmpty() ? true : null);
        assertThat(b.text(By.cssSelector("tr[data-execution='" + first + "']"))).contains("Console failing one")
                .contains("first failure");
        assertThat(b.text(By.cssSelector("tr[data-execution='" + second + "']"))).contains("Console failing two")
                .contains("second failure");
        assertUsable(b);
        b.screenshot("failures");
        b.driver.findElement(By.cssSelector("tr[data-execution='" + second + "'] td:last-child a")).click();
        b.until(d -> b.text(By.id("execution-status")).equals("failed") ? true : null);
    }

    @Test
    void aViewerSeesEverythingButNoControlThatChangesThings() {
        admin().post("/api/users", Map.of("username", "console-viewer", "password", "console-viewer-1",
                "name", "Console Viewer", "role", "viewer"));
        String id = createWorkflow(manual("Console viewed", node("boom", "fail", Map.of("message", "seen by a viewer"))));
        String failed = runToEnd(id);
        ConsoleBrowser b = browser();
        String admins = "button.run, button.toggle, #retry, #cancel, #replication-setup";

        // The admin has the controls on these pages ...
        b.signIn(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
        b.open("#/workflows");
        b.waitFor(By.cssSelector("tr[data-workflow='" + id + "'] button.run"));
        b.open("#/workflows/" + id + "/executions/" + failed);
        b.waitFor(By.id("retry"));

        // ... the viewer sees the same data and none of them
        b.signIn("console-viewer", "console-viewer-1");
        assertThat(b.text(By.id("who-name"))).isEqualTo("Console Viewer (viewer)");
        b.open("#/workflows");
        b.until(d -> b.text(By.cssSelector("tr[data-workflow='" + id + "'] td.last-run")).equals("failed") ? true : null);
        assertThat(b.driver.findElements(By.cssSelector(admins))).isEmpty();
        b.screenshot("workflows-viewer");
        b.open("#/workflows/" + id + "/executions/" + failed);
        b.until(d -> b.text(By.id("execution-status")).equals("failed") ? true : null);
        assertThat(b.text(By.cssSelector("tr[data-node='boom']"))).contains("seen by a viewer");
        assertThat(b.driver.findElements(By.cssSelector(admins))).isEmpty();
        b.open("#/replication");
        b.until(d -> b.text(By.id("replication")).contains("lenz_ces_pub") ? true : null);
        assertThat(b.driver.findElements(By.cssSelector(admins))).isEmpty();
        b.open("#/nodes");
        b.until(d -> !nodeStatus(b, "c0n5013e").isEmpty() ? true : null);
        assertThat(b.driver.findElements(By.cssSelector(admins))).isEmpty();
        assertUsable(b);
    }
}
