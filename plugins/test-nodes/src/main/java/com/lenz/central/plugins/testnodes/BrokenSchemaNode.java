package com.lenz.central.plugins.testnodes;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import org.pf4j.Extension;

/** A node whose config schema is not JSON: the server must refuse to load it. */
@Extension
public class BrokenSchemaNode implements ActionNode {

    @Override
    public String type() {
        return "broken_schema";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Broken", "Its schema does not parse.", "{not json");
    }

    @Override
    public NodeResult execute(NodeContext context) {
        return NodeResult.empty();
    }
}
