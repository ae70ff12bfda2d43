package com.lenz.central.http;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.CrossOriginHandler;
import org.eclipse.jetty.util.Callback;

/**
 * CORS for the browser apps of {@code CORS_ALLOWED_ORIGINS}, with Jetty's {@link CrossOriginHandler}, placed
 * in front of the application: a preflight from an allowed origin is answered here (204, no token needed,
 * so the bearer-token filter never sees it), an actual request from one gets its
 * {@code Access-Control-Allow-Origin}, every answer carries {@code Vary: Origin}. Other origins get no
 * grant: their requests go on as if no CORS existed (a preflight meets authentication like any request).
 */
public final class CrossOrigin extends CrossOriginHandler {

    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS");
    static final Set<String> HEADERS = Set.of("Authorization", "Content-Type", "X-API-Key", "X-Webhook-Token");
    /** What a script may read besides the simple headers: throttling's wait, an export's file name. */
    static final Set<String> EXPOSED = Set.of("Retry-After", "Content-Disposition");

    private final Set<String> origins;
    private final boolean anyOrigin;

    private CrossOrigin(Set<String> origins) {
        this.origins = origins;
        this.anyOrigin = origins.contains("*");
        Set<String> patterns = new LinkedHashSet<>();
        origins.forEach(o -> patterns.add(o.equals("*") ? "*" : Pattern.quote(o)));
        setAllowedOriginPatterns(patterns);
        setAllowedMethods(METHODS);
        setAllowedHeaders(HEADERS);
        setExposedHeaders(EXPOSED);
        // Tokens travel in headers, never cookies: no credentialed requests to allow.
        setAllowCredentials(false);
        setPreflightMaxAge(Duration.ofMinutes(10));
        setDeliverPreflightRequests(false);
    }

    /**
     * The handler for a comma-separated list of origins ({@code https://app.example.com,http://localhost:5173},
     * or {@code *} for any), or none when the list is empty.
     *
     * @throws IllegalArgumentException naming an entry that is not an origin (scheme, host, optional port)
     */
    public static Optional<CrossOrigin> fromConfig(String list) {
        Set<String> origins = new LinkedHashSet<>();
        for (String entry : list == null ? new String[0] : list.split(",")) {
            String origin = entry.strip();
            if (origin.isEmpty()) {
                continue;
            }
            origins.add(origin.equals("*") ? origin : normalized(origin));
        }
        return origins.isEmpty() ? Optional.empty() : Optional.of(new CrossOrigin(origins));
    }

    /** {@code https://App.example.com/} → {@code https://app.example.com}, as browsers send Origin. */
    private static String normalized(String origin) {
        String trimmed = origin.endsWith("/") ? origin.substring(0, origin.length() - 1) : origin;
        try {
            URI uri = new URI(trimmed);
            boolean web = "http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme());
            if (!web || uri.getHost() == null || uri.getRawPath() != null && !uri.getRawPath().isEmpty()
                    || uri.getRawQuery() != null || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
                throw new IllegalArgumentException();
            }
            return trimmed.toLowerCase(Locale.ROOT);
        } catch (Exception e) {
            throw new IllegalArgumentException("CORS_ALLOWED_ORIGINS: '" + origin
                    + "' is not an origin such as https://app.example.com or http://localhost:5173");
        }
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        // Jetty answers an allowed preflight itself, with the status the response has: 204, no content.
        if (isAllowedPreflight(request)) {
            response.setStatus(204);
        }
        return super.handle(request, response, callback);
    }

    private boolean isAllowedPreflight(Request request) {
        if (!HttpMethod.OPTIONS.is(request.getMethod())
                || request.getHeaders().get(HttpHeader.ACCESS_CONTROL_REQUEST_METHOD) == null) {
            return false;
        }
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        return origin != null && (anyOrigin || origins.contains(origin));
    }
}
