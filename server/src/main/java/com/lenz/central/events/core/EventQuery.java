package com.lenz.central.events.core;

import java.time.Instant;

/** Filters of GET /api/events; null means "any". {@code from} is inclusive, {@code to} exclusive. */
public record EventQuery(String analyticType, String streamId, Instant from, Instant to) {
}
