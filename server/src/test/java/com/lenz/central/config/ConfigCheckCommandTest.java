package com.lenz.central.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.CommandRun;
import com.lenz.central.testing.InProcessCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code check} refuses what {@code server} would die on, and {@code server} refuses it before it starts anything:
 * the real commands, in their own JVM, with one bad environment variable each. Before, {@code check} said
 * "Configuration is OK" for the first two, and {@code server} died with a stack trace after the migrations.
 */
@Tag("faults")
class ConfigCheckCommandTest {

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("SCHEDULER_TIMEZONE", "Mars/Base", "is not a time zone"),
                Arguments.of("WORKFLOW_STALE_AFTER", "5s", "must be at least twice WORKFLOW_HEARTBEAT_INTERVAL"),
                Arguments.of("WORKFLOW_STALE_AFTER", "soon", "Invalid duration: soon"),
                Arguments.of("WORKFLOW_HEARTBEAT_INTERVAL", "0s", "must be greater than or equal to 100 MILLISECONDS"),
                Arguments.of("SCHEDULER_TICK_INTERVAL", "5ms", "must be greater than or equal to 10 MILLISECONDS"),
                Arguments.of("THROTTLE_MAX_LOCKOUT", "1s", "must be at least THROTTLE_LOCKOUT"),
                Arguments.of("REFRESH_TOKEN_TTL", "1m", "must be at least ACCESS_TOKEN_TTL"),
                Arguments.of("HTTP_PORT", "70000", "must be between"),
                Arguments.of("HTTP_REQUEST_DENY", "10.0.0.0/99", "10.0.0.0/99"),
                Arguments.of("CORS_ALLOWED_ORIGINS", "lenz.example.com", "is not an origin"),
                Arguments.of("CES_MASTER_URL", "ftp://master:6015", "is not an http(s) URL"),
                Arguments.of("CES_MODE", "primary", "must be master or slave"),
                Arguments.of("TELEGRAM_API_URL", "api.telegram.org", "is not an http(s) URL"),
                Arguments.of("DATABASE_URL", "mysql://db/lenz", "is not a PostgreSQL JDBC URL"),
                Arguments.of("HTTPS_PORT", "8443", "must name a readable keystore"),
                Arguments.of("ADMIN_BIND_HOST", "0.0.0.0", "set ADMIN_PORT_USER and ADMIN_PORT_PASSWORD"),
                Arguments.of("WORKFLOW_MAX_CONCURRENT_EXECUTIONS", "0", "must be greater than or equal to 1"));
    }

    @ParameterizedTest(name = "check with {0}={1}")
    @MethodSource("badValues")
    void checkNamesTheVariableInOneLine(String variable, String value, String reason) throws IOException {
        Path dataDir = Files.createTempDirectory("lenz-check-").resolve("data");
        // The real check command, in this JVM (a JVM each would take minutes); the server cases run as processes.
        CommandRun.Result result = InProcessCli.run(env(dataDir, variable, value), "check", CommandRun.configFile());

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        String expectedVariable = variable.equals("HTTPS_PORT") ? "HTTPS_KEYSTORE_PATH" : variable;
        assertThat(result.errorLines()).as(result.toString()).singleElement().satisfies(line -> {
            assertThat(line).startsWith(expectedVariable + ": ").contains(reason);
            assertThat(line).doesNotContain("Exception");
        });
        assertThat(result.stdout()).doesNotContain("Configuration is OK");
        assertThat(dataDir).doesNotExist();
    }

    @ParameterizedTest(name = "server with {0}={1}")
    @MethodSource("serverCases")
    void serverRefusesBeforeStartingAnything(String variable, String value, String reason) throws IOException {
        Path dataDir = Files.createTempDirectory("lenz-check-").resolve("data");
        CommandRun.Result result = CommandRun.run(env(dataDir, variable, value), "server", CommandRun.configFile());

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.errorLines()).as(result.toString()).singleElement()
                .satisfies(line -> assertThat(line).startsWith(variable + ": ").contains(reason));
        // No embedded PostgreSQL, no migration, no secrets: DATA_DIR was never touched.
        assertThat(dataDir).doesNotExist();
        assertThat(result.stdout()).doesNotContain("Running Changeset").doesNotContain("starting embedded PostgreSQL");
    }

    static Stream<Arguments> serverCases() {
        return Stream.of(
                Arguments.of("SCHEDULER_TIMEZONE", "Mars/Base", "is not a time zone"),
                Arguments.of("WORKFLOW_STALE_AFTER", "5s", "must be at least twice WORKFLOW_HEARTBEAT_INTERVAL"));
    }

    /** The operator's other commands say a bad value the same way (before, a ConfigurationParsingException's stack trace). */
    @ParameterizedTest(name = "{0} with HTTP_PORT=not-a-port")
    @MethodSource("otherCommands")
    void theDatabaseAndAdminCommandsNameTheVariableInOneLine(String command) throws IOException {
        Path dataDir = Files.createTempDirectory("lenz-check-").resolve("data");
        String[] args = (command + " " + CommandRun.configFile()).split(" ");
        CommandRun.Result result = InProcessCli.run(env(dataDir, "HTTP_PORT", "not-a-port"), args);

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.errorLines()).as(result.toString()).singleElement().satisfies(line -> {
            assertThat(line).startsWith("HTTP_PORT: 'not-a-port' is not a valid whole number");
            assertThat(line).doesNotContain("Exception");
        });
        assertThat(result.stdout() + result.stderr()).doesNotContain("\tat ");
        assertThat(dataDir).doesNotExist();
    }

    static Stream<String> otherCommands() {
        return Stream.of("db status", "db migrate", "reset-admin");
    }

    @Test
    void theDefaultsAreOk() throws IOException {
        Path dataDir = Files.createTempDirectory("lenz-check-").resolve("data");
        CommandRun.Result result = CommandRun.run(env(dataDir, "SCHEDULER_TIMEZONE", "Asia/Jakarta"), "check",
                CommandRun.configFile());

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.stdout()).contains("Configuration is OK");
    }

    private static Map<String, String> env(Path dataDir, String variable, String value) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("DATA_DIR", dataDir.toString());
        env.put(variable, value);
        return env;
    }
}
