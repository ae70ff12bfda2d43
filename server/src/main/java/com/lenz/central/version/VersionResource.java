package com.lenz.central.version;

import com.lenz.central.auth.PublicEndpoint;
import com.lenz.central.http.Envelope;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/version}: what is running, for operators and for support requests. */
@Path("/api/version")
@Produces(MediaType.APPLICATION_JSON)
public class VersionResource {

    @GET
    @PublicEndpoint
    @ApiResponse(responseCode = "200", description = "the running server's version",
            content = @Content(schema = @Schema(implementation = VersionAnswer.class)))
    public Map<String, Object> version() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("version", ServerVersion.full());
        data.put("commit", ServerVersion.commit());
        data.put("build_time", ServerVersion.buildTime());
        return Envelope.ok("success", "data", data);
    }
}
