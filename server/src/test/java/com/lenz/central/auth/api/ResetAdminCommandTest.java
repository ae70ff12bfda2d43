package com.lenz.central.auth.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.CentralApplication;
import com.lenz.central.CentralConfiguration;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import io.dropwizard.core.cli.Cli;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.util.JarLocation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code java -jar lenz-central.jar reset-admin config.yml}, run in this JVM through Dropwizard's CLI against
 * the database of a running test server: the operator's way back when no admin is left.
 */
@Tag("faults")
class ResetAdminCommandTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.withDefaults();

    @Test
    void resetsTheAdminsPasswordAndEndsItsSessions() throws Exception {
        ApiClient before = SERVER.server().admin();
        assertThat(before.get("/api/users").status()).isEqualTo(200);

        Run run = resetAdmin(TestServer.ADMIN_USERNAME, "a-brand-new-password");

        assertThat(run.failure()).isEmpty();
        assertThat(run.stdout()).contains("Reset the admin 'admin'").contains("ended its 1 session")
                .doesNotContain("a-brand-new-password");
        assertThat(login(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD).status()).isEqualTo(401);
        ApiClient after = SERVER.server().login(TestServer.ADMIN_USERNAME, "a-brand-new-password");
        assertThat(after.get("/api/users").status()).isEqualTo(200);
        // The old token stops once the server's few-second session cache lapses.
        assertThat(pollStatus(before, "/api/users", 401, Duration.ofSeconds(30))).isEqualTo(401);

        resetAdmin(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD);
    }

    @Test
    void createsAnAdminWhenNoneIsLeftAndPromotesAViewer() throws Exception {
        ApiClient admin = SERVER.server().admin();
        assertThat(admin.post("/api/users", Map.of("username", "helper", "password", "helper-pass-1", "name", "Helper",
                "role", "viewer")).status()).isEqualTo(201);
        sql("DELETE FROM users WHERE role = 'admin'");
        assertThat(login(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD).status()).isEqualTo(401);

        Run created = resetAdmin("rescuer", "rescuer-pass-1");
        Run promoted = resetAdmin("HELPER", "helper-pass-2");

        assertThat(created.failure()).isEmpty();
        assertThat(created.stdout()).contains("Created the admin 'rescuer'");
        ApiClient rescuer = SERVER.server().login("rescuer", "rescuer-pass-1");
        assertThat(rescuer.post("/api/users", Map.of("username", "admin", "password", TestServer.ADMIN_PASSWORD,
                "name", "Administrator", "role", "admin")).status()).isEqualTo(201);
        assertThat(promoted.failure()).isEmpty();
        ApiClient helper = SERVER.server().login("helper", "helper-pass-2");
        assertThat(helper.post("/api/users", Map.of("username", "by-helper", "password", "by-helper-pass",
                "name", "B", "role", "viewer")).status()).as("the viewer is an admin now").isEqualTo(201);
    }

    @Test
    void withoutAdminPasswordItPrintsAGeneratedOneOnce() throws Exception {
        Run run = resetAdmin("generated-admin", "");

        assertThat(run.failure()).isEmpty();
        Matcher shown = Pattern.compile("generated password \\(shown once\\): (\\S+)").matcher(run.stdout());
        assertThat(shown.find()).as(run.stdout()).isTrue();
        assertThat(SERVER.server().login("generated-admin", shown.group(1)).get("/api/users").status()).isEqualTo(200);
    }

    @Test
    void aTooShortPasswordChangesNothing() throws Exception {
        Run run = resetAdmin(TestServer.ADMIN_USERNAME, "short");

        assertThat(run.failure()).isPresent();
        assertThat(run.failure().get().getMessage()).contains("ADMIN_PASSWORD").contains("at least 8");
        assertThat(login(TestServer.ADMIN_USERNAME, TestServer.ADMIN_PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void worksOnTheEmbeddedDatabaseWhileNoServerRuns() throws Exception {
        Path dataDir = java.nio.file.Files.createTempDirectory("lenz-reset-embedded-");
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Map<String, String> embedded = Map.of("dw.database.url", "embedded", "dw.fremisDatabase.url", "same-server",
                "dw.dataDir", dataDir.toString(), "dw.embeddedDbPort", Integer.toString(port));

        Run run = resetAdmin("operator", "operator-pass-1", embedded);

        assertThat(run.failure()).isEmpty();
        assertThat(run.stdout()).contains("Created the admin 'operator'");
        try (TestServer onIt = TestServer.builder().embedded(port).dataDir(dataDir).start()) {
            assertThat(onIt.login("operator", "operator-pass-1").get("/api/users").status()).isEqualTo(200);
        }
    }

    private record Run(Optional<Throwable> failure, String stdout) {
    }

    /** The command as an operator runs it, with the test server's database and the given ADMIN_* values. */
    private static Run resetAdmin(String username, String password) throws Exception {
        return resetAdmin(username, password, Map.of("dw.database.url", SERVER.server().setting("database.url"),
                "dw.database.user", "postgres", "dw.fremisDatabase.url", SERVER.server().setting("fremisDatabase.url")));
    }

    private static Run resetAdmin(String username, String password, Map<String, String> database) throws Exception {
        // Overrides travel as Dropwizard's "dw." system properties, the CLI's equivalent of the environment.
        Map<String, String> overrides = new LinkedHashMap<>(database);
        overrides.put("dw.auth.adminUsername", username);
        overrides.put("dw.auth.adminPassword", password);
        overrides.put("dw.logging.level", "WARN");
        overrides.forEach(System::setProperty);
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            Bootstrap<CentralConfiguration> bootstrap = new Bootstrap<>(new CentralApplication());
            bootstrap.getApplication().initialize(bootstrap);
            Cli cli = new Cli(new JarLocation(CentralApplication.class), bootstrap, System.out, System.err);
            Optional<Throwable> failure = cli.run("reset-admin", configFile().toString());
            return new Run(failure, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            overrides.keySet().forEach(System::clearProperty);
        }
    }

    private static Path configFile() {
        return Path.of(System.getProperty("lenz.test.configFile", "../config.yml")).toAbsolutePath().normalize();
    }

    private static ApiClient.Response login(String user, String password) {
        return SERVER.server().anonymous().post("/api/auth/token", Map.of("user_access", user, "password", password));
    }

    private static int pollStatus(ApiClient client, String path, int wanted, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        int status;
        do {
            status = client.get(path).status();
            if (status == wanted) {
                return status;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < end);
        return status;
    }

    private static void sql(String statement) throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER.server().setting("database.url"), "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }
}
