package com.lenz.central.plugin;

import com.lenz.central.plugin.api.Credential;
import com.lenz.central.plugin.api.EventHistory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the server lends running nodes through their {@code NodeContext}: stored credentials, the export
 * root and the event history. Areas that own them (credentials, events) replace the defaults with
 * {@link #withCredentials} and {@link #withEvents} when they wire themselves in.
 */
public record NodeServices(Function<String, Optional<Credential>> credentials, ExportPaths exports, EventHistory events) {

    /** No credential store and no event history yet: nodes asking for them get empty answers and errors. */
    public static NodeServices basic(Path exportRoot) {
        return new NodeServices(id -> Optional.empty(), new ExportPaths(exportRoot), (type, from, to, sink) -> {
            throw new IllegalStateException("the event history is not available on this server");
        });
    }

    public NodeServices withCredentials(Function<String, Optional<Credential>> lookup) {
        return new NodeServices(lookup, exports, events);
    }

    public NodeServices withEvents(EventHistory history) {
        return new NodeServices(credentials, exports, history);
    }
}
