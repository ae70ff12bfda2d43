package com.lenz.central.plugin;

import com.lenz.central.exports.ExportPaths;
import com.lenz.central.plugin.api.Credential;
import com.lenz.central.plugin.api.EventHistory;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What the server lends running nodes through their {@code NodeContext}.
 *
 * @param credentials stored credentials by id, decrypted
 * @param exports     the {@code /exports/...} paths under EXPORT_DIR
 * @param events      the event history
 * @param settings    settings nodes may read: config.yml's {@code plugins.settings}, {@code scheduler_timezone},
 *                    the http_request destination policy's; a read-only view, as the server completes
 *                    {@code server_ports} once its connectors are bound
 */
public record NodeServices(Function<String, Optional<Credential>> credentials, ExportPaths exports, EventHistory events,
                           Map<String, String> settings) {

    public NodeServices {
        settings = Collections.unmodifiableMap(settings);
    }
}
