package com.lenz.central.plugins.testnodes;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import org.pf4j.Extension;

/** Declares {@code set}, which the bundled flow-nodes plugin already provides: the server must refuse this one. */
@Extension
public class DuplicateSetNode implements ActionNode {

    @Override
    public String type() {
        return "set";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Set (duplicate)", "Must be refused: flow-nodes provides set.", "{}");
    }

    @Override
    public NodeResult execute(NodeContext context) {
        return NodeResult.of("from", "test-nodes");
    }
}
