package com.lenz.central.exports;

import com.lenz.central.exports.api.ExportResource;
import io.dropwizard.core.setup.Environment;
import java.io.IOException;
import java.nio.file.Path;

/** Exports: files written by nodes under EXPORT_DIR, downloadable. */
public final class ExportsModule {

    private final ExportPaths paths;

    public ExportsModule(Path exportDir) throws IOException {
        paths = new ExportPaths(exportDir);
    }

    public void register(Environment env) {
        env.jersey().register(new ExportResource(paths));
    }

    public ExportPaths paths() {
        return paths;
    }
}
