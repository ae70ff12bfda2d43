package com.lenz.central.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.CommandRun;
import com.lenz.central.testing.ServerProcess;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A server run as operators run it, on its embedded PostgreSQL, with EXPORT_DIR left unset: its exports go to
 * DATA_DIR/exports (before, ./data/exports wherever DATA_DIR was), and {@code db migrate} on the same DATA_DIR
 * while it runs says so in one line (before: a stack trace).
 */
class DataDirDefaultsTest {

    private static ServerProcess server;

    @BeforeAll
    static void start() {
        // An empty variable is the same as an unset one for ${EXPORT_DIR:-}.
        server = ServerProcess.create(Map.of("EXPORT_DIR", "")).start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void exportsGoUnderDataDir() {
        assertThat(server.dataDir().resolve("exports")).isDirectory();
        assertThat(server.output()).doesNotContain("data/exports");
    }

    @Test
    @Tag("faults")
    void dbMigrateWhileTheServerRunsSaysSoInOneLine() {
        CommandRun.Result result = CommandRun.run(server.env(), "db", "migrate", CommandRun.configFile());

        assertThat(result.exitCode()).as(result.toString()).isNotZero();
        assertThat(result.errorLines()).as(result.toString()).singleElement().satisfies(line ->
                assertThat(line).contains("DATA_DIR " + server.dataDir().toAbsolutePath()).contains("is in use")
                        .contains("stop that server first"));
        assertThat(result.stdout() + result.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(server.anonymous().get("/api/ces/ping").status()).isEqualTo(200); // and it left the server alone
    }
}
