package com.lenz.central.plugins.flow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.plugin.testkit.TestNodeContext;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DelayNodeTest {

    @Test
    void waitsTheGivenTime() throws Exception {
        long start = System.nanoTime();

        Map<String, Object> output = new DelayNode().execute(TestNodeContext.withConfig(Map.of("duration_ms", 300))).output();

        assertThat(output).containsEntry("waited_ms", 300L);
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(290L, 2_000L);
    }

    @Test
    void stopsAtOnceWhenCancelled() {
        TestNodeContext context = TestNodeContext.withConfig(Map.of("duration_ms", 60_000));
        new Thread(() -> {
            try {
                Thread.sleep(200);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            context.cancel();
        }).start();
        long start = System.nanoTime();

        assertThatThrownBy(() -> new DelayNode().execute(context)).isInstanceOf(InterruptedException.class);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_000);
    }

    @Test
    void moreThanAnHourOrNotANumberIsRefusedNamingTheField() {
        DelayNode delay = new DelayNode();
        assertThatThrownBy(() -> delay.validate(Map.of("duration_ms", 3_600_001))).extracting("field").isEqualTo("duration_ms");
        assertThatThrownBy(() -> delay.validate(Map.of("duration_ms", "soon"))).extracting("field").isEqualTo("duration_ms");
        assertThatThrownBy(() -> delay.validate(Map.of("duration_ms", 1.5))).extracting("field").isEqualTo("duration_ms");
        assertThatThrownBy(() -> delay.validate(Map.of())).extracting("field").isEqualTo("duration_ms");
    }

    @Test
    void theSchemaStatesTheLimitTheNodeEnforces() throws Exception {
        JsonNode schema = new ObjectMapper().readTree(new DelayNode().descriptor().configSchema());
        assertThat(schema.get("properties").get("duration_ms").get("maximum").asLong()).isEqualTo(3_600_000);
    }
}
