package com.lenz.central.plugin.api;

import java.time.Instant;
import java.util.Map;

/**
 * One stored event.
 *
 * @param id           the server's id of the event
 * @param analyticType e.g. {@code "FR"} for face recognition
 * @param streamId     the camera or stream that produced it
 * @param eventTime    when it happened
 * @param data         the analytic's payload (face id, name, similarity, image URLs, ...)
 * @param dataJson     the same payload as the JSON text the database holds, when the server has it (so
 *                     that a node writing it out need not serialize {@code data} again); may be null
 */
public record HistoryEvent(String id, String analyticType, String streamId, Instant eventTime, Map<String, Object> data,
                           String dataJson) {

    /** An event without its JSON text. */
    public HistoryEvent(String id, String analyticType, String streamId, Instant eventTime, Map<String, Object> data) {
        this(id, analyticType, streamId, eventTime, data, null);
    }
}
