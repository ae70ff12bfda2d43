package com.lenz.central.events.core;

import com.lenz.central.events.EventListener;
import com.lenz.central.events.db.EventStore;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.core.DomainException;
import com.lenz.central.http.NulCharacters;
import com.lenz.central.http.Rfc3339;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Validates and stores batches of events. A batch is all or nothing: the first bad event rejects it
 * with its index named, and nothing is stored.
 */
public class EventIngestService {

    public static final int MAX_BATCH = 10_000;
    private static final Pattern ANALYTIC_TYPE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final int MAX_STREAM_ID = 128;

    private final EventStore store;
    private final ObjectMapper json;
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();

    public EventIngestService(EventStore store, ObjectMapper json) {
        this.store = store;
        this.json = json;
    }

    public void addListener(EventListener listener) {
        listeners.add(listener);
    }

    /** Stores the {@code events} of a POST /api/events body; returns how many were stored. */
    public int ingest(JsonNode body) {
        List<IncomingEvent> events = parse(body);
        int queued = store.insert(events);
        listeners.forEach(l -> l.onStored(events.size()));
        if (queued > 0) {
            listeners.forEach(l -> l.onTriggersQueued(queued));
        }
        return events.size();
    }

    List<IncomingEvent> parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw DomainException.invalid("request body must be a JSON object with an events array");
        }
        JsonNode events = body.get("events");
        if (events == null || !events.isArray()) {
            throw DomainException.invalid("events must be an array");
        }
        if (events.isEmpty()) {
            throw DomainException.invalid("events must hold at least one event");
        }
        if (events.size() > MAX_BATCH) {
            throw DomainException.invalid("events holds " + events.size() + " events; at most " + MAX_BATCH + " per call");
        }
        List<IncomingEvent> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            out.add(parseOne(events.get(i), "events[" + i + "]"));
        }
        return out;
    }

    private IncomingEvent parseOne(JsonNode event, String at) {
        if (!event.isObject()) {
            throw DomainException.invalid(at + " must be an object");
        }
        NulCharacters.reject(event, at);
        JsonNode type = event.get("analytic_type");
        if (type == null || !type.isTextual() || !ANALYTIC_TYPE.matcher(type.asText()).matches()) {
            throw DomainException.invalid(at + ".analytic_type is required: 1-64 letters, digits, '_', '-' or '.'");
        }
        JsonNode stream = event.get("stream_id");
        String streamId = null;
        if (stream != null && !stream.isNull()) {
            if (!stream.isTextual() || stream.asText().isEmpty() || stream.asText().length() > MAX_STREAM_ID) {
                throw DomainException.invalid(at + ".stream_id must be a non-empty string of at most " + MAX_STREAM_ID + " characters");
            }
            streamId = stream.asText();
        }
        JsonNode time = event.get("event_time");
        if (time == null || !time.isTextual()) {
            throw DomainException.invalid(at + ".event_time is required (RFC 3339, e.g. 2025-04-29T07:00:00Z)");
        }
        Instant eventTime = Rfc3339.parse(time.asText()).orElseThrow(() -> DomainException.invalid(
                at + ".event_time must be an RFC 3339 timestamp with offset (years 0001-9999), e.g. 2025-04-29T07:00:00Z"));
        JsonNode data = event.get("data");
        if (data != null && !data.isNull() && !data.isObject()) {
            throw DomainException.invalid(at + ".data must be an object");
        }
        String dataJson;
        try {
            dataJson = data == null || data.isNull() ? "{}" : json.writeValueAsString(data);
        } catch (Exception e) {
            throw DomainException.invalid(at + ".data is not serializable JSON");
        }
        return new IncomingEvent(type.asText(), streamId, eventTime, dataJson);
    }

    public List<StoredEvent> find(EventQuery query, long offset, int limit) {
        return store.find(query, offset, limit);
    }

    public long count(EventQuery query) {
        return store.count(query);
    }
}
