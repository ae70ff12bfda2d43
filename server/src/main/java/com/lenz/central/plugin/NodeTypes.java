package com.lenz.central.plugin;

import java.util.Optional;

/**
 * The node types of one plugin generation, held by an execution from its start to its end so that a reload in
 * between does not change the code it runs. Close it when the execution ends.
 */
public final class NodeTypes implements AutoCloseable {

    private final PluginGeneration generation;
    private final GenerationLeases leases;
    private boolean closed;

    NodeTypes(PluginGeneration generation, GenerationLeases leases) {
        this.generation = generation;
        this.leases = leases;
    }

    public Optional<NodeType> find(String type) {
        return Optional.ofNullable(type == null ? null : generation.types().get(type));
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            leases.release(generation);
        }
    }
}
