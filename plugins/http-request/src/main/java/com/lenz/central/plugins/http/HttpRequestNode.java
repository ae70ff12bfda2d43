package com.lenz.central.plugins.http;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.Credential;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import com.lenz.central.plugin.api.RetryableNodeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.pf4j.Extension;

/**
 * {@code http_request}: calls an HTTP endpoint.
 *
 * <pre>{@code
 * {"method": "POST", "url": "https://alerts.example.com/hook",
 *  "headers": {"X-Source": "lenz"}, "body": {"text": "{{prev.body.message}}"},
 *  "credential_id": "cred-alerts", "timeout_ms": 10000, "fail_on_status": true}
 * }</pre>
 * An object or array {@code body} is sent as JSON; a string as text. A credential of type
 * {@code http_header} adds its header, {@code http_basic} an {@code Authorization: Basic} header.
 * Output: {@code status}, {@code headers} (lower-case names), {@code body} (parsed when JSON). A non-2xx
 * status fails the node unless {@code fail_on_status} is false; 429, 5xx and network errors are
 * retryable with the node's {@code retry} option. Response bodies over {@code max_response_bytes}
 * (default 5 MiB) fail the node.
 */
@Extension
public class HttpRequestNode implements ActionNode {

    static final Set<String> METHODS = Set.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    static final int DEFAULT_TIMEOUT_MS = 30_000;
    static final int DEFAULT_MAX_RESPONSE = 5 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Object> ANY = new TypeReference<>() {
    };
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();

    static final String SCHEMA = """
            {
              "type": "object",
              "required": ["url"],
              "properties": {
                "method": {"type": "string", "enum": ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD"], "default": "GET"},
                "url": {"type": "string", "description": "http:// or https:// URL"},
                "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                "body": {"description": "an object or array is sent as JSON, a string as text"},
                "credential_id": {"type": "string", "description": "an http_header or http_basic credential"},
                "timeout_ms": {"type": "integer", "minimum": 1, "maximum": 600000, "default": 30000},
                "fail_on_status": {"type": "boolean", "default": true},
                "max_response_bytes": {"type": "integer", "minimum": 1, "maximum": 104857600, "default": 5242880}
              }
            }""";

    @Override
    public String type() {
        return "http_request";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("HTTP request",
                "Calls an HTTP endpoint; outputs its status, headers and body (parsed when JSON).", SCHEMA);
    }

    @Override
    public void validate(Map<String, Object> config) throws NodeConfigException {
        Object method = config.getOrDefault("method", "GET");
        if (!isTemplate(method) && !METHODS.contains(method.toString().toUpperCase(Locale.ROOT))) {
            throw new NodeConfigException("method", "must be one of " + String.join(", ", METHODS));
        }
        Object url = config.get("url");
        if (!(url instanceof String s) || s.isBlank()) {
            throw new NodeConfigException("url", "is required");
        }
        if (!isTemplate(url) && !(s.startsWith("http://") || s.startsWith("https://"))) {
            throw new NodeConfigException("url", "must start with http:// or https://");
        }
        Object headers = config.get("headers");
        if (headers != null && !(headers instanceof Map)) {
            throw new NodeConfigException("headers", "must be an object of header names to values");
        }
    }

    @Override
    public NodeResult execute(NodeContext context) throws Exception {
        Map<String, Object> config = context.config();
        validate(config);
        String method = config.getOrDefault("method", "GET").toString().toUpperCase(Locale.ROOT);
        URI uri;
        try {
            uri = URI.create(config.get("url").toString());
        } catch (IllegalArgumentException e) {
            throw new NodeConfigException("url", "is not a valid URL");
        }
        int timeoutMs = intOption(config, "timeout_ms", DEFAULT_TIMEOUT_MS);
        int maxResponse = intOption(config, "max_response_bytes", DEFAULT_MAX_RESPONSE);
        boolean failOnStatus = !Boolean.FALSE.equals(config.get("fail_on_status")) && !"false".equals(config.get("fail_on_status"));

        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofMillis(timeoutMs));
        boolean hasContentType = false;
        if (config.get("headers") instanceof Map<?, ?> headers) {
            for (Map.Entry<?, ?> h : headers.entrySet()) {
                request.header(h.getKey().toString(), String.valueOf(h.getValue()));
                hasContentType |= h.getKey().toString().equalsIgnoreCase("Content-Type");
            }
        }
        applyCredential(context, config.get("credential_id"), request);
        Object body = config.get("body");
        HttpRequest.BodyPublisher publisher = HttpRequest.BodyPublishers.noBody();
        if (body instanceof Map || body instanceof List) {
            publisher = HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
            if (!hasContentType) {
                request.header("Content-Type", "application/json");
            }
        } else if (body != null) {
            publisher = HttpRequest.BodyPublishers.ofString(body.toString());
            if (!hasContentType) {
                request.header("Content-Type", "text/plain; charset=utf-8");
            }
        }
        request.method(method, publisher);

        HttpResponse<InputStream> response;
        try {
            response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException | java.net.ConnectException e) {
            // The JDK's ConnectException often carries no message: say what happened in its place.
            String why = e.getMessage() != null ? e.getMessage()
                    : e instanceof HttpConnectTimeoutException ? "timed out" : "connection refused";
            String port = uri.getPort() > 0 ? ":" + uri.getPort() : "";
            throw new RetryableNodeException("cannot connect to " + uri.getHost() + port + ": " + why, e);
        } catch (HttpTimeoutException e) {
            throw new RetryableNodeException("no response from " + uri.getHost() + " within " + timeoutMs + " ms", e);
        } catch (IOException e) {
            throw new RetryableNodeException("request to " + uri.getHost() + " failed: " + e.getMessage(), e);
        }
        byte[] raw = readCapped(response.body(), maxResponse);
        String contentType = response.headers().firstValue("Content-Type").orElse("");
        Object parsed = parseBody(raw, contentType);
        int status = response.statusCode();
        if (failOnStatus && (status < 200 || status > 299)) {
            String snippet = new String(raw, 0, Math.min(raw.length, 300), StandardCharsets.UTF_8);
            String message = "HTTP " + status + " from " + uri.getHost() + (snippet.isBlank() ? "" : ": " + snippet);
            if (status == 429 || status >= 500) {
                throw new RetryableNodeException(message);
            }
            throw new IllegalStateException(message);
        }
        Map<String, Object> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT),
                values.size() == 1 ? values.get(0) : values));
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("status", status);
        output.put("headers", headers);
        output.put("body", parsed);
        return NodeResult.of(output);
    }

    private static void applyCredential(NodeContext context, Object id, HttpRequest.Builder request)
            throws NodeConfigException {
        if (id == null || id.toString().isBlank()) {
            return;
        }
        Credential credential = context.credential(id.toString())
                .orElseThrow(() -> new NodeConfigException("credential_id", "no credential with id " + id));
        switch (credential.type()) {
            case "http_header" -> request.header(credential.get("name"), credential.get("value"));
            case "http_basic" -> request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (credential.get("username") + ":" + credential.get("password")).getBytes(StandardCharsets.UTF_8)));
            default -> throw new NodeConfigException("credential_id",
                    "credential " + id + " is a " + credential.type() + ", not http_header or http_basic");
        }
    }

    private static byte[] readCapped(InputStream in, int max) throws IOException {
        try (in) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (out.size() + n > max) {
                    throw new IOException("response body exceeds " + max + " bytes");
                }
                out.write(buffer, 0, n);
            }
            return out.toByteArray();
        }
    }

    private static Object parseBody(byte[] raw, String contentType) {
        String text = new String(raw, StandardCharsets.UTF_8);
        if (contentType.toLowerCase(Locale.ROOT).contains("json") && !text.isBlank()) {
            try {
                return JSON.readValue(raw, ANY);
            } catch (IOException e) {
                return text; // declared JSON but is not: keep the text
            }
        }
        return text;
    }

    private static int intOption(Map<String, Object> config, String key, int fallback) throws NodeConfigException {
        Object value = config.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            int n = value instanceof Number num ? num.intValue() : Integer.parseInt(value.toString().trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new NodeConfigException(key, "must be a positive integer");
        }
    }

    private static boolean isTemplate(Object value) {
        return value instanceof String s && s.contains("{{");
    }
}
