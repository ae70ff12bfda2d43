package com.lenz.central.ces.api;

import com.lenz.central.ces.core.CesMode;

/** The {@code result} of {@code GET /api/ces/config}; the master URL without credentials, never the API key. */
public record CesConfigAnswer(boolean cesEnabled, CesMode cesMode, String cesMasterUrl) {
}
