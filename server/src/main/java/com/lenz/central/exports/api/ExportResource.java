package com.lenz.central.exports.api;

import com.lenz.central.exports.ExportPaths;
import com.lenz.central.core.DomainException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.nio.file.Files;

/** {@code GET /api/exports/<path>}: downloads a file written under EXPORT_DIR. */
@Path("/api/exports")
public class ExportResource {

    private final ExportPaths exports;

    public ExportResource(ExportPaths exports) {
        this.exports = exports;
    }

    @GET
    @Path("/{path: .+}")
    public Response download(@PathParam("path") String path) {
        String virtual = ExportPaths.PREFIX + path;
        ExportPaths.Resolution resolution = exports.resolve(virtual);
        java.nio.file.Path file = resolution.path()
                .orElseThrow(() -> DomainException.invalid("path " + resolution.refusal()));
        if (!Files.isRegularFile(file)) {
            throw DomainException.notFound("no exported file " + virtual);
        }
        String name = file.getFileName().toString();
        return Response.ok(file.toFile(), contentType(name))
                .header("Content-Disposition", "attachment; filename=\"" + name.replace("\"", "") + "\"")
                .build();
    }

    private static String contentType(String name) {
        if (name.endsWith(".csv")) {
            return "text/csv; charset=utf-8";
        }
        if (name.endsWith(".json")) {
            return "application/json";
        }
        return "application/octet-stream";
    }
}
