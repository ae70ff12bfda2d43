package com.lenz.central.ces.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.ces.FederationConfig;
import com.lenz.central.core.DomainException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks another Lenz Central instance (config.yml {@code federation.instances}) for its CES metrics, with
 * that instance's token, and hands back its answer. A peer that cannot be reached, refuses our token or
 * answers something other than our envelope is an upstream failure: the client's own request was fine.
 */
public class FederationClient {

    private static final Logger LOG = LoggerFactory.getLogger(FederationClient.class);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final String MESSAGE = "failed to retrieve CES metrics";

    private final Map<String, FederationConfig.Instance> instances = new LinkedHashMap<>();
    private final ObjectMapper mapper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    public FederationClient(List<FederationConfig.Instance> configured, ObjectMapper mapper) {
        configured.forEach(instance -> instances.put(instance.getId(), instance));
        this.mapper = mapper;
    }

    /** An answer of a federated instance: its status (2xx or 400) and its JSON body, passed on as they are. */
    public record Answer(int status, JsonNode body) {
    }

    public Answer metrics(String instanceId, String search) {
        FederationConfig.Instance instance = instances.get(instanceId);
        if (instance == null) {
            throw DomainException.notFound("unknown federation instance '" + instanceId + "'");
        }
        String url = stripSlash(instance.getUrl()) + "/api/ces/metrics"
                + (search == null || search.isEmpty() ? "" : "?search=" + URLEncoder.encode(search, StandardCharsets.UTF_8));
        HttpResponse<byte[]> response;
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                    .header("Accept", "application/json").GET();
            if (!instance.getToken().isEmpty()) {
                request.header("Authorization", "Bearer " + instance.getToken());
            }
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IllegalArgumentException e) {
            throw badGateway(instanceId, "its configured url is not a valid URL");
        } catch (IOException e) {
            LOG.warn("federation instance '{}' is unreachable: {}", instanceId, e.toString());
            throw badGateway(instanceId, "it is unreachable");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw badGateway(instanceId, "the request was interrupted");
        }
        JsonNode body = parse(response.body());
        int status = response.statusCode();
        if (body == null || !body.isObject() || !body.has("ok")) {
            throw badGateway(instanceId, "it answered " + status + " without the API's JSON envelope");
        }
        if (status / 100 == 2 || status == 400) {
            return new Answer(status, body);
        }
        // A 401 passed on would tell our client that *its* token is bad; it is ours that the peer refused.
        String error = body.path("error").asText(body.path("message").asText(""));
        throw badGateway(instanceId, "it answered " + status + (error.isEmpty() ? "" : ": " + error));
    }

    private JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? null : mapper.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }

    private static DomainException badGateway(String instanceId, String why) {
        return DomainException.upstreamFailed(MESSAGE, "federation instance '" + instanceId + "' failed: " + why);
    }

    static String stripSlash(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }
}
