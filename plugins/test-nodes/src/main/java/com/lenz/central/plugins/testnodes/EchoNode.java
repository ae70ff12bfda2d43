package com.lenz.central.plugins.testnodes;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import org.pf4j.Extension;

/** {@code echo}: outputs its rendered config as is. Typed optional fields exercise schema checks and conversions. */
@Extension
public class EchoNode implements ActionNode {

    @Override
    public String type() {
        return "echo";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Echo", "Outputs its config, templates rendered.", """
                {
                  "type": "object",
                  "properties": {
                    "text": {"type": "string"},
                    "count": {"type": "integer", "minimum": 0},
                    "ratio": {"type": "number"},
                    "enabled": {"type": "boolean"},
                    "format": {"enum": ["csv", "json"]},
                    "items": {"type": "array", "items": {"type": "string"}},
                    "nested": {"type": "object"}
                  }
                }""");
    }

    @Override
    public NodeResult execute(NodeContext context) {
        return NodeResult.of(context.config());
    }
}
