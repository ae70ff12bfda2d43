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
 */
public record HistoryEvent(String id, String analyticType, String streamId, Instant eventTime, Map<String, Object> data) {
}
