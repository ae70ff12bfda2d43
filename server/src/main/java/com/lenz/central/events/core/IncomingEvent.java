package com.lenz.central.events.core;

import java.time.Instant;

/** One event of a POST /api/events batch, validated; {@code dataJson} is the event's {@code data} as JSON text. */
public record IncomingEvent(String analyticType, String streamId, Instant eventTime, String dataJson) {
}
