package com.lenz.central.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A plain HTTP client for tests: what an outside client of the API sends and sees. */
public final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String token;

    public ApiClient(String baseUrl, String token) {
        this.baseUrl = baseUrl;
        this.token = token;
    }

    /** The same client, sending {@code Authorization: Bearer <token>}. */
    public ApiClient withToken(String token) {
        return new ApiClient(baseUrl, token);
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** A response: status, parsed JSON body (null when not JSON) and the raw text. */
    public record Response(int status, JsonNode json, String raw, java.net.http.HttpHeaders headers) {
        public String text(String field) {
            return json == null || json.get(field) == null ? null : json.get(field).asText();
        }

        @Override
        public String toString() {
            return status + " " + raw;
        }
    }

    public Response get(String path) {
        return send(request(path).GET());
    }

    public Response delete(String path) {
        return send(request(path).DELETE());
    }

    public Response post(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").POST(publisher(body)));
    }

    public Response put(String path, Object body) {
        return send(request(path).header("Content-Type", "application/json").PUT(publisher(body)));
    }

    /** A request to {@code path} with this client's token, for callers that need unusual headers or bodies. */
    public HttpRequest.Builder request(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return builder;
    }

    public Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = exchange(builder.build());
            JsonNode json = null;
            try {
                json = response.body().isEmpty() ? null : JSON.readTree(response.body());
            } catch (IOException notJson) {
                // left null: the assertion on json will say so
            }
            checkOkMatchesStatus(builder, response.statusCode(), json);
            return new Response(response.statusCode(), json, response.body(), response.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * One exchange; sent again once when a pooled connection turned out closed before a single byte of an
     * answer came back (a server of an earlier test class stopped, and a new one got the same port): that
     * request never reached a live server.
     */
    private static HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (e.getMessage() == null || !e.getMessage().contains("header parser received no bytes")) {
                throw e;
            }
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * The API's rule for every response of the suite: {@code ok} is false exactly when the status is 400 or
     * above. A response that breaks it fails the test that received it, whatever that test checks.
     */
    static void checkOkMatchesStatus(HttpRequest.Builder request, int status, JsonNode json) {
        if (json == null || !json.isObject() || !json.has("ok")) {
            return;
        }
        JsonNode ok = json.get("ok");
        if (!ok.isBoolean() || ok.asBoolean() != status < 400) {
            HttpRequest sent = request.build();
            throw new AssertionError("envelope rule broken: " + sent.method() + " " + sent.uri().getRawPath()
                    + " answered " + status + " with ok=" + ok + ": " + json);
        }
    }

    private static HttpRequest.BodyPublisher publisher(Object body) {
        if (body == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        if (body instanceof String s) {
            return HttpRequest.BodyPublishers.ofString(s);
        }
        try {
            return HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
