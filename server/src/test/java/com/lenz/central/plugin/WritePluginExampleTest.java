package com.lenz.central.plugin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The README's "Write a plugin" example is the test plugin's UppercaseNode, which the build compiles and the tests load. */
class WritePluginExampleTest {

    @Test
    void theReadmeExampleIsTheSourceThatBuilds() throws IOException {
        Path root = Path.of(System.getProperty("lenz.test.configFile", "../config.yml")).toAbsolutePath().getParent();
        String readme = Files.readString(root.resolve("README.md"));
        String source = Files.readString(root.resolve(
                "plugins/test-nodes/src/main/java/com/lenz/central/plugins/testnodes/UppercaseNode.java"));

        int section = readme.indexOf("## Write a plugin");
        assertThat(section).isPositive();
        int start = readme.indexOf("```java\n", section) + "```java\n".length();
        int end = readme.indexOf("```", start);
        assertThat(readme.substring(start, end)).isEqualTo(source);
    }
}
