package com.lenz.central.plugins.testnodes;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import java.time.Duration;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code sleep}: waits {@code config.ms} milliseconds, cancellably, and outputs {@code slept_ms}. With
 * {@code ignore_cancel: true} it busy-waits through cancellation and interrupts, as a badly written node would.
 */
@Extension
public class SleepNode implements ActionNode {

    @Override
    public String type() {
        return "sleep";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Sleep", "Waits config.ms milliseconds.", """
                {
                  "type": "object",
                  "required": ["ms"],
                  "properties": {
                    "ms": {"type": "integer", "minimum": 0, "maximum": 600000},
                    "ignore_cancel": {"type": "boolean"}
                  }
                }""");
    }

    @Override
    public NodeResult execute(NodeContext context) throws InterruptedException {
        long ms = ((Number) context.config().get("ms")).longValue();
        if (Boolean.TRUE.equals(context.config().get("ignore_cancel"))) {
            long end = System.nanoTime() + ms * 1_000_000;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        } else {
            context.sleep(Duration.ofMillis(ms));
        }
        return NodeResult.of(Map.of("slept_ms", ms));
    }
}
