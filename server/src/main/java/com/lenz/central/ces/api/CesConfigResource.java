package com.lenz.central.ces.api;

import com.lenz.central.ces.CesConfig;
import com.lenz.central.ces.core.MasterUrls;
import com.lenz.central.http.Envelope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET /api/ces/config}: this node's CES role. The API key is never part of it. */
@Path("/api/ces/config")
@Produces(MediaType.APPLICATION_JSON)
public class CesConfigResource {

    private final Map<String, Object> body;

    public CesConfigResource(CesConfig config) {
        this.body = Envelope.ok("successfully retrieved CES config", "result", new CesConfigAnswer(config.isEnabled(),
                config.cesMode(), MasterUrls.withoutUserInfo(config.getMasterUrl())));
    }

    @GET
    public Map<String, Object> config() {
        return body;
    }
}
