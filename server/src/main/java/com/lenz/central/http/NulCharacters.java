package com.lenz.central.http;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import java.sql.SQLException;

/**
 * PostgreSQL stores no NUL character ({@code \u0000}), in text or in JSON: a request carrying one is
 * refused up front with a 400 naming where it is, rather than failing in the database.
 */
public final class NulCharacters {

    static final String IN_STORED_TEXT = "text sent to this server must not contain the NUL character (\\u0000)";

    private NulCharacters() {
    }

    /** Throws a 400 naming the first place in {@code node} (a field path; "" for the body) holding a NUL. */
    public static void reject(JsonNode node, String field) {
        if (node.isTextual() && node.asText().indexOf('\0') >= 0) {
            throw ApiException.badRequest((field.isEmpty() ? "request body" : field) + " must not contain the NUL character");
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                String at = field.isEmpty() ? e.getKey() : field + "." + e.getKey();
                if (e.getKey().indexOf('\0') >= 0) {
                    throw ApiException.badRequest("a field name in " + (field.isEmpty() ? "the request body" : field)
                            + " contains the NUL character");
                }
                reject(e.getValue(), at);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                reject(node.get(i), field + "[" + i + "]");
            }
        }
    }

    /**
     * Whether the database refused text for holding a NUL (in text: 22021 invalid byte sequence; in
     * JSON: 22P05 unsupported Unicode escape): the last line of defence behind {@link #reject}.
     */
    static boolean refusedByTheDatabase(Throwable e) {
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof SQLException sql && ("22021".equals(sql.getSQLState()) || "22P05".equals(sql.getSQLState()))) {
                return true;
            }
        }
        return false;
    }

    /** A path or query parameter with a NUL ({@code %00}) is a 400 before any resource sees it. */
    @PreMatching
    @Priority(Priorities.AUTHENTICATION - 100)
    public static final class InUrlFilter implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            String url = request.getUriInfo().getRequestUri().getRawPath() + "?"
                    + request.getUriInfo().getRequestUri().getRawQuery();
            if (url.contains("%00") || url.indexOf('\0') >= 0) {
                throw ApiException.badRequest("the URL must not contain the NUL character (%00)");
            }
        }
    }
}
