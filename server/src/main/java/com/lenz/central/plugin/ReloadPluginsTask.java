package com.lenz.central.plugin;

import io.dropwizard.servlets.tasks.Task;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /tasks/plugins/reload} on the admin port: reads the plugin folders again without a restart and
 * prints one line per jar (id, version, state, error).
 */
public class ReloadPluginsTask extends Task {

    private final PluginLoader plugins;

    public ReloadPluginsTask(PluginLoader plugins) {
        super("plugins/reload");
        this.plugins = plugins;
    }

    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        for (PluginReport report : plugins.reload()) {
            output.println(report.file() + ": " + report.id() + " " + report.version() + " " + report.state()
                    + (report.hasError() ? " - " + report.error() : ""));
        }
    }
}
