package com.lenz.central.plugins.testnodes;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;

/**
 * A node whose type name breaks the naming rule. Not an {@code @Extension}: only the jars the server's tests put
 * together list it in their {@code extensions.idx}, so the test-nodes plugin itself never offers it.
 */
public class InvalidTypeNameNode implements ActionNode {

    @Override
    public String type() {
        return "Bad-Type";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Bad type", "Has a type name the server refuses.", "{}");
    }

    @Override
    public NodeResult execute(NodeContext context) {
        return NodeResult.empty();
    }
}
