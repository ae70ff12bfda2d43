package com.lenz.central.plugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lenz.central.plugin.api.NodeConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportPathsTest {

    @TempDir
    Path root;

    @Test
    void aVirtualPathMapsUnderTheExportRootAndBack() throws Exception {
        ExportPaths exports = new ExportPaths(root);

        Path file = exports.resolve("/exports/fr/2025-04-29.csv");

        assertThat(file).isEqualTo(root.resolve("fr/2025-04-29.csv"));
        assertThat(exports.virtualPath(file)).isEqualTo("/exports/fr/2025-04-29.csv");
    }

    @Test
    void pathsOutsideTheRootAreRefused() {
        ExportPaths exports = new ExportPaths(root);
        for (String bad : new String[] {"/etc/passwd", "exports/fr/a.csv", "/exports/", "/exports/../x", "/exports/fr/../../x",
                "/exports//etc/passwd", "/exports/fr/./a.csv", null}) {
            assertThatThrownBy(() -> exports.resolve(bad)).as(String.valueOf(bad)).isInstanceOf(NodeConfigException.class);
        }
    }

    @Test
    void aLinkLeadingOutOfTheRootIsRefused(@TempDir Path outside) throws IOException {
        Files.createSymbolicLink(root.resolve("out"), outside);
        ExportPaths exports = new ExportPaths(root);

        assertThatThrownBy(() -> exports.resolve("/exports/out/secret.csv"))
                .isInstanceOf(NodeConfigException.class).hasMessageContaining("link");
    }
}
