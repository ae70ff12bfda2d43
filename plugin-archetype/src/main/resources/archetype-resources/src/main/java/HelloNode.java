package ${package};

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import java.util.Map;
import org.pf4j.Extension;

/** {@code ${nodeType}}: outputs {@code {"greeting": "Hello, <name>"}}. */
@Extension
public class HelloNode implements ActionNode {

    @Override
    public String type() {
        return "${nodeType}";
    }

    /** Name, description and the JSON Schema (2020-12) the server checks every config against before it runs. */
    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Hello", "Greets config.name.", """
                {
                  "type": "object",
                  "required": ["name"],
                  "properties": {
                    "name": {"type": "string", "maxLength": 200, "description": "Who to greet; may hold templates"}
                  },
                  "additionalProperties": false
                }""");
    }

    @Override
    public void validate(Map<String, Object> config) throws NodeConfigException {
        if (config.get("name") instanceof String name && name.isBlank()) {
            throw new NodeConfigException("name", "must not be blank");
        }
    }

    @Override
    public NodeResult execute(NodeContext context) {
        String name = context.configString("name");
        context.logger().info("greeting {}", name);
        return NodeResult.of("greeting", "Hello, " + name);
    }
}
