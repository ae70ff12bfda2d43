package com.lenz.central.plugins.testnodes;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import org.pf4j.Extension;

/** {@code fail}: always fails with {@code config.message} (not retryable). */
@Extension
public class FailNode implements ActionNode {

    @Override
    public String type() {
        return "fail";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Fail", "Fails with config.message.", """
                {"type": "object", "required": ["message"], "properties": {"message": {"type": "string"}}}""");
    }

    @Override
    public NodeResult execute(NodeContext context) throws Exception {
        throw new Exception(context.configString("message"));
    }
}
