package com.lenz.central.events.api;

import com.lenz.central.events.core.EventIngestService;
import com.lenz.central.events.core.EventQuery;
import com.fasterxml.jackson.databind.JsonNode;
import com.lenz.central.http.QueryValues;
import com.lenz.central.http.Envelope;
import com.lenz.central.http.MaxBodySize;
import com.lenz.central.http.PageRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code /api/events}: ingest analytics events in batches, and query them. */
@Path("/api/events")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class EventResource {

    private final EventIngestService events;

    public EventResource(EventIngestService events) {
        this.events = events;
    }

    /** Up to 10,000 events of ~1 KiB each fit comfortably. */
    @POST
    @MaxBodySize(32L * 1024 * 1024)
    public Map<String, Object> ingest(JsonNode body) {
        int received = events.ingest(body);
        return Envelope.ok("events received", "data", Map.of("received", received));
    }

    @GET
    public Map<String, Object> list(@QueryParam("analytic_type") String analyticType,
            @QueryParam("stream_id") String streamId, @QueryParam("from") String from, @QueryParam("to") String to,
            @QueryParam("page") String page, @QueryParam("limit") String limit) {
        PageRequest paging = PageRequest.parse(page, limit);
        QueryValues.TimeRange window = QueryValues.timeRange(from, to);
        EventQuery query = new EventQuery(QueryValues.text(analyticType), QueryValues.text(streamId),
                window.from(), window.to());
        return paging.envelope("success", events.find(query, paging.offset(), paging.limit()), events.count(query));
    }
}
