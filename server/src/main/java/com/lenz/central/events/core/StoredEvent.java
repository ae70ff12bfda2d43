package com.lenz.central.events.core;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;

/** An event as stored and listed by GET /api/events; {@code data} is written out as the stored JSON. */
public record StoredEvent(String id, String analyticType, String streamId, Instant eventTime,
        @JsonRawValue String data, Instant receivedAt) {
}
