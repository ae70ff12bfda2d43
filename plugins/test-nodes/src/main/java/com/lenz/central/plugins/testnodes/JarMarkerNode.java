package com.lenz.central.plugins.testnodes;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * {@code jar_marker}: outputs {@code lenz-test-marker.txt} of the jar its class was loaded from, so a test can tell
 * which copy of a plugin ran. Not an {@code @Extension}: only jars the server's tests put together list it.
 */
public class JarMarkerNode implements ActionNode {

    @Override
    public String type() {
        return "jar_marker";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Jar marker", "Outputs the marker file of its own jar.", "{}");
    }

    @Override
    public NodeResult execute(NodeContext context) {
        try (InputStream in = JarMarkerNode.class.getResourceAsStream("/lenz-test-marker.txt")) {
            String marker = in == null ? "none" : new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
            return NodeResult.of(Map.of("marker", marker));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
