package com.lenz.central.http;

import java.util.List;
import java.util.Map;

/**
 * {@code page} and {@code limit} of a list endpoint, checked ({@code page >= 1}, {@code limit >= 1}; a
 * limit above 100 is served as 100, which the answer's {@code limit} says), and the paged envelope they
 * produce.
 */
public record PageRequest(int page, int limit) {

    public static final int DEFAULT_LIMIT = 10;
    public static final int MAX_LIMIT = 100;

    /** Parses the raw query values (absent means page 1, limit 10); bad values are a 400 naming the field. */
    public static PageRequest parse(String page, String limit) {
        int p = parseField("page", page, 1);
        int l = parseField("limit", limit, DEFAULT_LIMIT);
        if (p < 1) {
            throw ApiException.badRequest("page must be at least 1");
        }
        if (l < 1) {
            throw ApiException.badRequest("limit must be at least 1");
        }
        return new PageRequest(p, Math.min(l, MAX_LIMIT));
    }

    private static int parseField(String name, String raw, int fallback) {
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        String digits = raw.trim();
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            // An integer too large for an int: a huge limit is still a limit (served as the maximum); a
            // page that far is past any data there can be, and is refused rather than wrapped around.
            if (digits.matches("\\+?[0-9]+")) {
                if (name.equals("limit")) {
                    return Integer.MAX_VALUE;
                }
                throw ApiException.badRequest(name + " must be at most " + Integer.MAX_VALUE);
            }
            if (digits.matches("-[0-9]+")) {
                return Integer.MIN_VALUE;
            }
            throw ApiException.badRequest(name + " must be an integer");
        }
    }

    public long offset() {
        return (long) (page - 1) * limit;
    }

    /** {@code {"ok", "message", "data": items, "limit", "current_page", "total_data", "total_page"}}. */
    public Map<String, Object> envelope(String message, List<?> items, long total) {
        Map<String, Object> body = Envelope.ok(message, "data", items);
        body.put("limit", limit);
        body.put("current_page", page);
        body.put("total_data", total);
        body.put("total_page", (total + limit - 1) / limit);
        return body;
    }

    /**
     * As {@link #envelope(String, List, long)}, for a total that may be PostgreSQL's estimate: then the
     * answer also says {@code "total_estimated": true}.
     */
    public Map<String, Object> envelope(String message, List<?> items, long total, boolean estimated) {
        Map<String, Object> body = envelope(message, items, total);
        if (estimated) {
            body.put("total_estimated", true);
        }
        return body;
    }
}
