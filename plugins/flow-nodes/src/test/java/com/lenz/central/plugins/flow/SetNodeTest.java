package com.lenz.central.plugins.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.lenz.central.plugin.api.EventHistory;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.Credential;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class SetNodeTest {

    /** The server hands nodes a rendered config; this context carries just that. */
    private static NodeContext contextWith(Map<String, Object> config) {
        return new NodeContext() {
            public String workflowId() { return "wf-1"; }
            public String executionId() { return "exec-1"; }
            public String nodeId() { return "node-set"; }
            public Map<String, Object> config() { return config; }
            public Optional<Credential> credential(String id) { return Optional.empty(); }
            public Path resolveExport(String virtualPath) throws NodeConfigException {
                throw new NodeConfigException("file", "no exports here");
            }
            public EventHistory events() { return (type, from, to, sink) -> 0; }
            public Logger logger() { return LoggerFactory.getLogger(SetNodeTest.class); }
            public boolean isCancelled() { return false; }
        };
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
