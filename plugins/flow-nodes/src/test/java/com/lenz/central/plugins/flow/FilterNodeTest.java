package com.lenz.central.plugins.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.plugin.api.NodeResult;
import com.lenz.central.plugin.testkit.TestNodeContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FilterNodeTest {

    private final FilterNode filter = new FilterNode();

    private NodeResult run(String combine, Map<String, Object>... conditions) throws Exception {
        return filter.execute(TestNodeContext.withConfig(Map.of("combine", combine, "conditions", List.of(conditions))));
    }

    private static Map<String, Object> c(Object left, String op, Object right) {
        return right == null ? Map.of("left", left, "operator", op) : Map.of("left", left, "operator", op, "right", right);
    }

    @Test
    void passesWhenAllConditionsHoldAndEndsTheRunOtherwise() throws Exception {
        NodeResult pass = run("all", c("0.93", "gte", 0.8), c("blacklist", "eq", "blacklist"));
        NodeResult stop = run("all", c("0.75", "gte", 0.8), c("blacklist", "eq", "blacklist"));

        assertThat(pass.output()).containsEntry("passed", true);
        assertThat(pass.endsRun()).isEmpty();
        assertThat(stop.output()).containsEntry("passed", false);
        assertThat(stop.endsRun()).contains("filtered out");
        assertThat(run("any", c("0.75", "gte", 0.8), c("blacklist", "eq", "blacklist")).endsRun()).isEmpty();
    }

    @Test
    void numbersCompareAsNumbersAndTextAsText() throws Exception {
        assertThat(run("all", c("10", "gt", "9")).endsRun()).as("10 > 9 numerically").isEmpty();
        assertThat(run("all", c("10", "gt", "9x")).endsRun()).as("'10' < '9x' as text").isPresent();
        assertThat(run("all", c("1.50", "eq", 1.5)).endsRun()).isEmpty();
        assertThat(run("all", c("Budi Santoso", "contains", "Santoso")).endsRun()).isEmpty();
        assertThat(run("all", c(List.of("fr", "vip"), "contains", "vip")).endsRun()).isEmpty();
        assertThat(run("all", c("cam-lobby-02", "matches", "^cam-lobby-\\d+$")).endsRun()).isEmpty();
        assertThat(run("all", c("", "exists", null)).endsRun()).isPresent();
        assertThat(run("all", c("", "empty", null)).endsRun()).isEmpty();
        assertThat(run("all", c("b", "ne", "a")).endsRun()).isEmpty();
    }

    @Test
    void matchesRunsInLinearTime() throws Exception {
        long start = System.nanoTime();
        NodeResult result = run("all", c("a".repeat(50_000) + "!", "matches", "^(a+)+$"));
        assertThat(result.endsRun()).isPresent();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void badConfigsNameTheField() {
        assertThatThrownBy(() -> filter.validate(Map.of())).extracting("field").isEqualTo("conditions");
        assertThatThrownBy(() -> filter.validate(Map.of("conditions", List.of(c("a", "like", "b")))))
                .extracting("field").isEqualTo("conditions[0].operator");
        assertThatThrownBy(() -> filter.validate(Map.of("conditions", List.of(Map.of("left", "a", "operator", "eq")))))
                .extracting("field").isEqualTo("conditions[0].right");
        assertThatThrownBy(() -> filter.validate(Map.of("conditions", List.of(c("a", "matches", "(")))))
                .extracting("field").isEqualTo("conditions[0].right");
        assertThatThrownBy(() -> filter.validate(Map.of("conditions", List.of(c("a", "eq", "a")), "combine", "most")))
                .extracting("field").isEqualTo("combine");
    }

    @Test
    void theSchemaStatesTheOperatorsTheNodeKnows() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(new FilterNode().descriptor().configSchema()).get("properties");
        assertThat(schema.get("conditions").get("items").get("properties").get("operator").get("enum")).extracting(JsonNode::asText)
                .containsExactly("eq", "ne", "gt", "gte", "lt", "lte", "contains", "matches", "exists", "empty");
        assertThat(schema.get("combine").get("enum")).extracting(JsonNode::asText).containsExactly("all", "any");
        assertThat(schema.get("combine").get("default").asText()).isEqualTo("all");
        assertThatThrownBy(() -> new FilterNode().validate(Map.of("conditions", List.of(c("a", "like", "b")))))
                .hasMessage("must be one of eq, ne, gt, gte, lt, lte, contains, matches, exists, empty");
    }
}
