package com.lenz.central.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigTemplatesTest {

    private final ConfigTemplates templates = new ConfigTemplates(new ObjectMapper());

    @Test
    void renderingReachesNoGetterOfAnObjectInTheModel() throws Exception {
        // Only maps are read: an object's getters (here Path.getFileSystem, Thread.getName) stay out of reach.
        Map<String, Object> model = Map.of("trigger", Map.of("path", Path.of("/tmp/x"), "thread", Thread.currentThread()));

        assertThatThrownBy(() -> templates.render(Map.of("a", "{{trigger.path.fileSystem}}"), model))
                .hasMessageContaining("missing variable: trigger.path.fileSystem");
        assertThatThrownBy(() -> templates.render(Map.of("a", "{{trigger.thread.name}}"), model))
                .hasMessageContaining("missing variable: trigger.thread.name");
    }

    @Test
    void stringsWithoutTemplatesAndNonStringsAreKept() throws Exception {
        Map<String, Object> config = Map.of("n", 5, "b", true, "s", "plain", "l", List.of(1, "two"));

        assertThat(templates.render(config, Map.of())).isSameAs(config);
    }

    @Test
    void htmlIsNotEscapedAndEscapedMustachesStayLiteral() throws Exception {
        Map<String, Object> model = Map.of("trigger", Map.of("x", "<b>&'\""));

        assertThat(templates.render(Map.of("a", "{{trigger.x}} \\{{trigger.x}}"), model))
                .containsEntry("a", "<b>&'\" {{trigger.x}}");
    }

    @Test
    void checkCollectsEveryProblemWithItsField() {
        List<String> problems = templates.check(Map.of("a", "{{prev.x}}", "b", List.of("{{nodes.later.x}}")), "nodes[0].config",
                List.of(), List.of("me", "later"));

        assertThat(problems).hasSize(2).anyMatch(p -> p.startsWith("nodes[0].config.a:"))
                .anyMatch(p -> p.startsWith("nodes[0].config.b[0]:"));
    }

    @Test
    void aParseErrorNamesTheFieldAndThePositionNotAnInternalName() {
        List<String> problems = templates.check(Map.of("text", "{{prev.body.x"), "nodes[0].config", List.of("a"), List.of("b"));

        assertThat(problems).hasSize(1);
        assertThat(problems.get(0)).startsWith("nodes[0].config.text: template does not parse: ")
                .endsWith(" at 1:13").doesNotContain("inline").doesNotContain("@");
        assertThat(templates.check(Map.of("l", List.of("ok", "line one\n  {{#if x}}")), "nodes[2].config", List.of("a"), List.of("b")))
                .singleElement().asString().startsWith("nodes[2].config.l[1]: template does not parse: ").contains(" at 2:");
    }
}
