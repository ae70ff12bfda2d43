package com.lenz.central.plugin;

import com.lenz.central.http.Envelope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /api/plugins}: every plugin jar found in the plugin folders and what became of it. */
@Path("/api/plugins")
@Produces(MediaType.APPLICATION_JSON)
public class PluginResource {

    private final PluginLoader plugins;

    public PluginResource(PluginLoader plugins) {
        this.plugins = plugins;
    }

    @GET
    public Map<String, Object> list() {
        return Envelope.ok("success", "data", plugins.reports().stream().map(PluginReport::describe).toList());
    }
}
