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
import com.lenz.central.plugin.api.Templates;
import com.lenz.central.plugin.api.net.DestinationPolicy;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.hc.client5.http.ConnectTimeoutException;
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
 *
 * <p>Destinations pass the server's {@link com.lenz.central.plugin.api.net.DestinationPolicy} (loopback,
 * link-local, metadata, multicast and the server's own ports refused unless allowed); the host is resolved
 * once and the vetted address is the one connected to. Redirects (at most 10) are followed here, each hop
 * vetted again; credential headers (the credential's, {@code Authorization}, {@code Cookie}) are dropped
 * once the chain leaves the URL's origin.
 */
@Extension
public class HttpRequestNode implements ActionNode {

    // The limits are stated once, here: the schema below is built from them.
    static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD");
    static final int DEFAULT_TIMEOUT_MS = 30_000;
    static final int MAX_TIMEOUT_MS = 600_000;
    static final int DEFAULT_MAX_RESPONSE = 5 * 1024 * 1024;
    static final int MAX_RESPONSE_LIMIT = 100 * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Object> ANY = new TypeReference<>() {
    };
    /** Headers the client derives from the URL and body; a config may not forge them. */
    static final Set<String> SET_BY_CLIENT = Set.of("host", "content-length", "transfer-encoding", "connection");

    static final String SCHEMA = """
            {
              "type": "object",
              "required": ["url"],
              "properties": {
                "method": {"type": "string", "enum": [%s], "default": "GET"},
                "url": {"type": "string", "description": "http:// or https:// URL"},
                "headers": {"type": "object", "additionalProperties": {"type": "string"}},
                "body": {"description": "an object or array is sent as JSON, a string as text"},
                "credential_id": {"type": "string", "description": "an http_header or http_basic credential"},
                "timeout_ms": {"type": "integer", "minimum": 1, "maximum": %d, "default": %d},
                "fail_on_status": {"type": "boolean", "default": true},
                "max_response_bytes": {"type": "integer", "minimum": 1, "maximum": %d, "default": %d}
              }
            }""".formatted("\"" + String.join("\", \"", METHODS) + "\"", MAX_TIMEOUT_MS, DEFAULT_TIMEOUT_MS,
                    MAX_RESPONSE_LIMIT, DEFAULT_MAX_RESPONSE);

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
        if (!Templates.isTemplate(method) && !METHODS.contains(method.toString().toUpperCase(Locale.ROOT))) {
            throw new NodeConfigException("method", "must be one of " + String.join(", ", METHODS));
        }
        Object url = config.get("url");
        if (!(url instanceof String s) || s.isBlank()) {
            throw new NodeConfigException("url", "is required");
        }
        if (!Templates.isTemplate(url) && !(s.startsWith("http://") || s.startsWith("https://"))) {
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
            uri = new URI(config.get("url").toString());
        } catch (URISyntaxException e) {
            throw new NodeConfigException("url", "is not a valid URL");
        }
        if (uri.getHost() == null) {
            throw new NodeConfigException("url", "has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new NodeConfigException("url", "must not carry a user and password: use an http_basic credential");
        }
        int timeoutMs = intOption(config, "timeout_ms", DEFAULT_TIMEOUT_MS);
        int maxResponse = intOption(config, "max_response_bytes", DEFAULT_MAX_RESPONSE);
        boolean failOnStatus = !Boolean.FALSE.equals(config.get("fail_on_status")) && !"false".equals(config.get("fail_on_status"));

        List<OutboundCall.Field> headers = new ArrayList<>();
        boolean hasContentType = false;
        if (config.get("headers") instanceof Map<?, ?> given) {
            for (Map.Entry<?, ?> h : given.entrySet()) {
                String name = h.getKey().toString();
                if (SET_BY_CLIENT.contains(name.toLowerCase(Locale.ROOT))) {
                    throw new NodeConfigException("headers", name + " is set by the client, not by the config");
                }
                headers.add(new OutboundCall.Field(name, String.valueOf(h.getValue()),
                        OutboundCall.CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT))));
                hasContentType |= name.equalsIgnoreCase("Content-Type");
            }
        }
        credentialHeader(context, config.get("credential_id")).ifPresent(headers::add);
        Object body = config.get("body");
        byte[] payload = null;
        if (body instanceof Map || body instanceof List) {
            payload = JSON.writeValueAsBytes(body);
            if (!hasContentType) {
                headers.add(new OutboundCall.Field("Content-Type", "application/json", false));
            }
        } else if (body != null) {
            payload = body.toString().getBytes(StandardCharsets.UTF_8);
            if (!hasContentType) {
                headers.add(new OutboundCall.Field("Content-Type", "text/plain; charset=utf-8", false));
            }
        }

        OutboundCall call = new OutboundCall(method, uri, headers, payload, timeoutMs, maxResponse, policy(context));
        OutboundCall.Answer response;
        try {
            response = call.run();
        } catch (RefusedCallException | OutboundCall.ResponseTooLargeException e) {
            throw e;
        } catch (IOException e) {
            throw failure(e, call.hop(), timeoutMs);
        }
        byte[] raw = response.body();
        Object parsed = parseBody(raw, response.contentType());
        int status = response.status();
        String host = response.url().getHost();
        if (failOnStatus && (status < 200 || status > 299)) {
            String snippet = new String(raw, 0, Math.min(raw.length, 300), StandardCharsets.UTF_8);
            String message = "HTTP " + status + " from " + host + (snippet.isBlank() ? "" : ": " + snippet);
            if (status == 429 || status >= 500) {
                throw new RetryableNodeException(message);
            }
            throw new HttpStatusException(message);
        }
        Map<String, Object> output = new LinkedHashMap<>();
        output.put("status", status);
        output.put("headers", response.headers());
        output.put("body", parsed);
        return NodeResult.of(output);
    }

    /** A network failure, told for the hop it happened on; all are worth a retry. */
    private static RetryableNodeException failure(IOException e, URI hop, int timeoutMs) {
        String host = hop.getHost();
        if (e instanceof ConnectTimeoutException || e instanceof java.net.ConnectException) {
            String why = e instanceof ConnectTimeoutException ? "timed out" : "connection refused";
            String port = hop.getPort() > 0 ? ":" + hop.getPort() : "";
            return new RetryableNodeException("cannot connect to " + host + port + ": " + why, e);
        }
        if (e instanceof SocketTimeoutException) {
            return new RetryableNodeException("no response from " + host + " within " + timeoutMs + " ms", e);
        }
        if (e instanceof UnknownHostException) {
            return new RetryableNodeException("cannot resolve " + host, e);
        }
        return new RetryableNodeException("request to " + host + " failed: " + e.getMessage(), e);
    }

    /** The destination policy the server passes in its settings (HTTP_REQUEST_DENY/ALLOW, its own ports). */
    static DestinationPolicy policy(NodeContext context) {
        return DestinationPolicy.of(context.setting(DestinationPolicy.DENY_SETTING).orElse(null),
                context.setting(DestinationPolicy.ALLOW_SETTING).orElse(null),
                context.setting(DestinationPolicy.OWN_PORTS_SETTING).orElse(null));
    }

    private static Optional<OutboundCall.Field> credentialHeader(NodeContext context, Object id)
            throws NodeConfigException {
        if (id == null || id.toString().isBlank()) {
            return Optional.empty();
        }
        Credential credential = context.credential(id.toString())
                .orElseThrow(() -> new NodeConfigException("credential_id", "no credential with id " + id));
        return Optional.of(switch (credential.type()) {
            case "http_header" -> new OutboundCall.Field(credential.get("name"), credential.get("value"), true);
            case "http_basic" -> new OutboundCall.Field("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (credential.get("username") + ":" + credential.get("password")).getBytes(StandardCharsets.UTF_8)), true);
            default -> throw new NodeConfigException("credential_id",
                    "credential " + id + " is a " + credential.type() + ", not http_header or http_basic");
        });
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
}
