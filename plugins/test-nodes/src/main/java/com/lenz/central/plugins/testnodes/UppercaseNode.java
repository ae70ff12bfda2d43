package com.lenz.central.plugins.testnodes;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code uppercase}: outputs {@code config.text} in upper case, as {@code {"text": "..."}}.
 * The README's "Write a plugin" example.
 */
@Extension
public class UppercaseNode implements ActionNode {

    @Override
    public String type() {
        return "uppercase";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Uppercase", "Outputs config.text in upper case as {\"text\": ...}.", """
                {
                  "type": "object",
                  "required": ["text"],
                  "properties": {
                    "text": {"type": "string", "maxLength": 1000, "description": "The text; may hold templates"}
                  },
                  "additionalProperties": false
                }""");
    }

    @Override
    public void validate(Map<String, Object> config) throws NodeConfigException {
        // The schema has checked the type; templates such as {{prev.body.x}} are rendered only at run time.
        if (config.get("text") instanceof String text && text.isBlank()) {
            throw new NodeConfigException("text", "must not be blank");
        }
    }

    @Override
    public NodeResult execute(NodeContext context) {
        context.logger().info("upper-casing {} characters", context.configString("text").length());
        return NodeResult.of("text", context.configString("text").toUpperCase());
    }
}
