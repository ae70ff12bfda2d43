package com.lenz.central.plugins.flow;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import com.lenz.central.plugin.api.Templates;
import java.time.Duration;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code delay}: waits {@code duration_ms} (at most one hour) and outputs {@code waited_ms}. The wait
 * holds no database connection and ends at once when the execution is cancelled or the node's
 * timeout passes.
 */
@Extension
public class DelayNode implements ActionNode {

    static final long MAX_MS = 3_600_000;
    static final String SCHEMA = """
            {
              "type": "object",
              "required": ["duration_ms"],
              "properties": {
                "duration_ms": {"type": "integer", "minimum": 0, "maximum": %d}
              }
            }""".formatted(MAX_MS);

    @Override
    public String type() {
        return "delay";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Delay", "Waits duration_ms milliseconds (at most one hour); cancellable.", SCHEMA);
    }

    @Override
    public void validate(Map<String, Object> config) throws NodeConfigException {
        Object value = config.get("duration_ms");
        if (Templates.isTemplate(value)) {
            return;
        }
        duration(value);
    }

    @Override
    public NodeResult execute(NodeContext context) throws Exception {
        long ms = duration(context.config().get("duration_ms"));
        context.sleep(Duration.ofMillis(ms));
        return NodeResult.of("waited_ms", ms);
    }

    private static long duration(Object value) throws NodeConfigException {
        java.math.BigDecimal parsed = Condition.number(value);
        if (parsed == null || parsed.stripTrailingZeros().scale() > 0) {
            throw new NodeConfigException("duration_ms", "must be a whole number of milliseconds");
        }
        if (parsed.compareTo(java.math.BigDecimal.valueOf(MAX_MS)) > 0) {
            throw new NodeConfigException("duration_ms", "must be between 0 and " + MAX_MS + " (one hour)");
        }
        long ms = parsed.longValue();
        if (ms < 0 || ms > MAX_MS) {
            throw new NodeConfigException("duration_ms", "must be between 0 and " + MAX_MS + " (one hour)");
        }
        return ms;
    }
}
