package com.lenz.central.plugin;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts the executions holding each plugin generation. A generation replaced by a reload is closed (plugins
 * stopped, class loaders closed) when its last holder lets go, not before: closing a class loader under a
 * running node would break its next class lookup.
 */
final class GenerationLeases {

    private final Map<PluginGeneration, Integer> holders = new IdentityHashMap<>();
    private PluginGeneration current;

    synchronized void install(PluginGeneration next) {
        PluginGeneration old = current;
        current = next;
        holders.putIfAbsent(next, 0);
        if (old != null && old != next && holders.getOrDefault(old, 0) == 0) {
            holders.remove(old);
            old.close();
        }
    }

    synchronized NodeTypes acquire() {
        PluginGeneration generation = current == null ? PluginGeneration.empty() : current;
        holders.merge(generation, 1, Integer::sum);
        return new NodeTypes(generation, this);
    }

    synchronized void release(PluginGeneration generation) {
        Integer count = holders.get(generation);
        if (count == null) {
            return; // closed at shutdown already
        }
        if (count <= 1 && generation != current) {
            holders.remove(generation);
            generation.close();
        } else {
            holders.put(generation, count - 1);
        }
    }

    synchronized int retired() {
        return holders.size() - (current == null ? 0 : 1);
    }

    synchronized void closeAll() {
        List<PluginGeneration> all = new ArrayList<>(holders.keySet());
        holders.clear();
        current = null;
        all.forEach(PluginGeneration::close);
    }
}
