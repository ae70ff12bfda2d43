package com.lenz.central.plugins.flow;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code set}: outputs {@code config.values}, an object whose strings may hold templates anywhere
 * (nested objects and lists included). Use it to shape data for the next node, e.g.
 * <pre>{@code {"values": {"message": "Alert: {{trigger.event.data.name}} on {{trigger.event.stream_id}}"}}}</pre>
 * Output: the rendered {@code values}.
 */
@Extension
public class SetNode implements ActionNode {

    static final String SCHEMA = """
            {
              "type": "object",
              "required": ["values"],
              "properties": {
                "values": {
                  "type": "object",
                  "description": "The output of this node; strings may hold templates such as {{prev.body.x}}"
                }
              }
            }""";

    @Override
    public String type() {
        return "set";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Set values",
                "Outputs the given values, templates rendered, for later nodes to read.", SCHEMA);
    }

    @Override
    public void validate(Map<String, Object> config) throws NodeConfigException {
        if (!(config.get("values") instanceof Map)) {
            throw new NodeConfigException("values", "must be an object");
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public NodeResult execute(NodeContext context) throws NodeConfigException {
        Object values = context.config().get("values");
        if (!(values instanceof Map)) {
            throw new NodeConfigException("values", "must be an object");
        }
        return NodeResult.of((Map<String, Object>) values);
    }
}
