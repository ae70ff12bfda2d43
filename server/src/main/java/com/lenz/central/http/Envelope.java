package com.lenz.central.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The response envelope (README, "API overview"): {@code ok}, {@code message}, then the endpoint's payload keys
 * in the order the reference shows them.
 */
public final class Envelope {

    private Envelope() {
    }

    /** {@code {"ok": true, "message": message}}, to which payload keys can be added. */
    public static Map<String, Object> ok(String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", true);
        body.put("message", message);
        return body;
    }

    /** {@code {"ok": true, "message": message, key: payload}}. */
    public static Map<String, Object> ok(String message, String key, Object payload) {
        Map<String, Object> body = ok(message);
        body.put(key, payload);
        return body;
    }

    /** {@code {"ok": false, "message": message, "error": error}}. */
    public static Map<String, Object> error(String message, String error) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ok", false);
        body.put("message", message);
        body.put("error", error);
        return body;
    }
}
