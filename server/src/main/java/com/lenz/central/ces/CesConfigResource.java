package com.lenz.central.ces;

import com.lenz.central.http.Envelope;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/ces/config}: this node's CES role. The API key is never part of it. */
@Path("/api/ces/config")
@Produces(MediaType.APPLICATION_JSON)
public class CesConfigResource {

    private final Map<String, Object> body;

    public CesConfigResource(CesConfig config) {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("ces_enabled", config.isEnabled());
        result.put("ces_mode", config.getMode());
        result.put("ces_master_url", withoutUserInfo(config.getMasterUrl()));
        this.body = Envelope.ok("successfully retrieved CES config", "result", result);
    }

    @GET
    public Map<String, Object> config() {
        return body;
    }

    /** {@code http://user:secret@host} must not hand out the secret: the credentials part is dropped. */
    static String withoutUserInfo(String url) {
        return url == null ? "" : url.trim().replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@?#]*@", "$1");
    }
}
