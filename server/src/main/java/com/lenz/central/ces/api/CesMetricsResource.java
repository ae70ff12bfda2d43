package com.lenz.central.ces.api;

import com.lenz.central.auth.PublicEndpoint;
import com.lenz.central.ces.core.CesMetricsService;
import com.lenz.central.ces.core.FederationClient;
import com.lenz.central.ces.core.NameFilter;
import com.lenz.central.http.Envelope;
import com.lenz.central.http.MaxBodySize;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;

/**
 * {@code GET /api/ces/metrics} (bearer token; every node, or a federated instance's with {@code instance})
 * and {@code POST /api/ces/metrics} (a slave's report, authenticated by {@code X-API-Key}, not a token).
 */
@Path("/api/ces/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class CesMetricsResource {

    /** A report is a few hundred bytes; 64 KiB leaves room for generous custom fields. */
    static final long MAX_REPORT_BYTES = 64 * 1024;

    private final CesMetricsService metrics;
    private final FederationClient federation;

    public CesMetricsResource(CesMetricsService metrics, FederationClient federation) {
        this.metrics = metrics;
        this.federation = federation;
    }

    @GET
    public Response list(@QueryParam("search") String search, @QueryParam("instance") String instance) {
        if (instance != null && !instance.isBlank()) {
            NameFilter.of(search);
            FederationClient.Answer answer = federation.metrics(instance.trim(), search);
            return Response.status(answer.status()).entity(answer.body()).build();
        }
        return Response.ok(metrics.listing(search), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @POST
    @PublicEndpoint
    @MaxBodySize(MAX_REPORT_BYTES)
    @Consumes(MediaType.APPLICATION_JSON)
    public Map<String, Object> receive(@HeaderParam("X-API-Key") String apiKey, byte[] body) throws IOException {
        metrics.receive(apiKey, body);
        return Envelope.ok("metric received successfully");
    }
}
