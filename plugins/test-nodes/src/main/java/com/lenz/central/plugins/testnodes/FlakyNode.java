package com.lenz.central.plugins.testnodes;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import com.lenz.central.plugin.api.RetryableNodeException;
import java.time.Duration;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code flaky}: fails with a retryable error until attempt {@code config.succeed_on_attempt}, then outputs
 * {@code {"attempt": n}}. {@code retry_after_ms} is passed as the remote side's requested wait.
 */
@Extension
public class FlakyNode implements ActionNode {

    @Override
    public String type() {
        return "flaky";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Flaky", "Fails (retryable) until a given attempt.", """
                {
                  "type": "object",
                  "required": ["succeed_on_attempt"],
                  "properties": {
                    "succeed_on_attempt": {"type": "integer", "minimum": 1},
                    "retry_after_ms": {"type": "integer", "minimum": 0}
                  }
                }""");
    }

    @Override
    public NodeResult execute(NodeContext context) throws RetryableNodeException {
        int succeedOn = ((Number) context.config().get("succeed_on_attempt")).intValue();
        if (context.attempt() < succeedOn) {
            Object after = context.config().get("retry_after_ms");
            throw new RetryableNodeException("flaky failure on attempt " + context.attempt(), null,
                    after == null ? null : Duration.ofMillis(((Number) after).longValue()));
        }
        return NodeResult.of(Map.of("attempt", context.attempt()));
    }
}
