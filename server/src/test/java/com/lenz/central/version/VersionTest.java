package com.lenz.central.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.CommandRun;
import com.lenz.central.testing.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code GET /api/version} without a token, and {@code --version}, tell the version, commit and build time. */
class VersionTest {

    @Test
    void versionEndpointNeedsNoToken() throws Exception {
        try (TestServer server = TestServer.start()) {
            ApiClient.Response answer = server.anonymous().get("/api/version");

            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.json().get("ok").asBoolean()).isTrue();
            assertThat(answer.text("message")).isEqualTo("success");
            assertThat(answer.json().at("/data/version").asText()).isEqualTo(ServerVersion.full()).isNotBlank();
            assertThat(answer.json().at("/data/build_time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            String commit = answer.json().at("/data/commit").asText();
            assertThat(commit).matches("[0-9a-f]{12}|unknown");
            String head = gitHead();
            if (head != null) { // built from a git checkout (a developer's, CI's fresh clone): that commit
                assertThat(commit).isEqualTo(head);
            }
        }
    }

    @Test
    void versionFlagPrintsTheSame() {
        CommandRun.Result result = CommandRun.run(Map.of(), "--version");

        assertThat(result.exitCode()).isZero();
        assertThat(result.stdout().strip()).isEqualTo(ServerVersion.line())
                .startsWith("lenz-central " + ServerVersion.full() + " (commit " + ServerVersion.commit());
    }

    /** The checkout's HEAD (12 hex digits), or null where there is no git (a source tarball). */
    private static String gitHead() throws IOException, InterruptedException {
        try {
            Process git = new ProcessBuilder("git", "rev-parse", "--short=12", "HEAD").directory(Path.of("..").toFile())
                    .redirectErrorStream(true).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return git.waitFor(30, TimeUnit.SECONDS) && git.exitValue() == 0 ? out : null;
        } catch (IOException noGit) {
            return null;
        }
    }
}
