package com.lenz.central.plugins.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.testkit.TestNodeContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SetNodeTest {

    private static NodeContext contextWith(Map<String, Object> config) {
        return TestNodeContext.withConfig(config);
    }

    @Test
    void outputsTheRenderedValuesAsGiven() throws Exception {
        Map<String, Object> values = Map.of("message", "Alert: Budi on cam-01", "score", 0.93,
                "tags", List.of("fr", "blacklist"), "nested", Map.of("ok", true));

        Map<String, Object> output = new SetNode().execute(contextWith(Map.of("values", values))).output();

        assertThat(output).isEqualTo(values);
    }

    @Test
    void refusesAConfigWithoutAnObjectOfValues() {
        SetNode node = new SetNode();

        assertThatThrownBy(() -> node.validate(Map.of("values", "text")))
                .isInstanceOf(NodeConfigException.class)
                .satisfies(e -> assertThat(((NodeConfigException) e).field()).isEqualTo("values"));
        assertThatThrownBy(() -> node.validate(Map.of())).isInstanceOf(NodeConfigException.class);
        assertThat(node.type()).isEqualTo("set");
        assertThat(node.descriptor().configSchema()).contains("\"required\": [\"values\"]");
    }
}
