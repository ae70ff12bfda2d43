package com.lenz.central.plugins.testnodes;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import java.util.LinkedHashMap;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code context}: outputs what its NodeContext says (ids, trigger type, attempt), and the file system path
 * of {@code config.file} and the value of the server setting named by {@code config.setting} when given, so
 * tests see what a node sees.
 */
@Extension
public class ContextNode implements ActionNode {

    @Override
    public String type() {
        return "context";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Context", "Outputs its context.", "{}");
    }

    @Override
    public NodeResult execute(NodeContext context) throws NodeConfigException {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflow_id", context.workflowId());
        out.put("execution_id", context.executionId());
        out.put("node_id", context.nodeId());
        out.put("trigger_type", context.triggerType());
        out.put("attempt", context.attempt());
        out.put("cancelled", context.isCancelled());
        out.put("credential_found", context.credential("cred-none").isPresent());
        if (context.config().get("setting") != null) {
            out.put("setting", context.setting(context.configString("setting")).orElse(null));
        }
        if (context.config().get("file") != null) {
            out.put("path", context.resolveExport(context.configString("file")).toString());
        }
        return NodeResult.of(out);
    }
}
