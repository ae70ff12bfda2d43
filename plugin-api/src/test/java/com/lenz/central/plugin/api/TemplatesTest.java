package com.lenz.central.plugin.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {

    @Test
    void anUnescapedOpeningIsATemplate() {
        assertThat(Templates.isTemplate("{{prev.body.x}}")).isTrue();
        assertThat(Templates.isTemplate("Alert: {{trigger.name}} at {{trigger.time}}")).isTrue();
        assertThat(Templates.isTemplate("{{{prev.body.raw}}}")).isTrue();
        assertThat(Templates.isTemplate("{{prev.body.x")).as("unclosed: the server refuses it as not parsing").isTrue();
        assertThat(Templates.isTemplate("\\{{x}} and {{prev.body.y}}")).as("one escaped, one real").isTrue();
    }

    @Test
    void escapedBracesAndPlainTextAreNot() {
        assertThat(Templates.isTemplate("\\{{not a template}}")).isFalse();
        assertThat(Templates.isTemplate("a { b } c {x}")).isFalse();
        assertThat(Templates.isTemplate("")).isFalse();
        assertThat(Templates.isTemplate((String) null)).isFalse();
    }

    @Test
    void onlyStringsHoldTemplates() {
        assertThat(Templates.isTemplate((Object) "{{prev.body.x}}")).isTrue();
        assertThat(Templates.isTemplate((Object) 42)).isFalse();
        assertThat(Templates.isTemplate((Object) List.of("{{prev.body.x}}"))).isFalse();
        assertThat(Templates.isTemplate((Object) Map.of("k", "{{prev.body.x}}"))).isFalse();
        assertThat(Templates.isTemplate((Object) null)).isFalse();
    }
}
