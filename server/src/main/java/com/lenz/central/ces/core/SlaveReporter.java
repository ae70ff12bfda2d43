package com.lenz.central.ces.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.ces.CesConfig;
import com.lenz.central.ces.db.EnrollmentCounter;
import io.dropwizard.lifecycle.Managed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a slave: posts this node's metrics to {@code CES_MASTER_URL/api/ces/metrics} every
 * {@code CES_REPORT_INTERVAL}. While the master cannot be reached (or refuses the report) it retries
 * with a backoff that starts at one second and doubles up to the report interval, and logs once per
 * outage, not once per attempt; the recovery is logged too.
 */
public class SlaveReporter implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(SlaveReporter.class);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private final CesConfig config;
    private final NodeIdentity self;
    private final EnrollmentCounter enrollments;
    private final ObjectMapper mapper;
    private final Clock clock;
    private final Duration interval;
    private final String endpoint;
    /** The endpoint as logged and shown: without any credentials written into the URL. */
    private final String shownEndpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ScheduledExecutorService executor;

    // Written by the reporter thread, read by the health check.
    private volatile Instant lastAccepted;
    private volatile String problem;
    private int failures;

    public SlaveReporter(CesConfig config, NodeIdentity self, EnrollmentCounter enrollments, ObjectMapper mapper, Clock clock) {
        this.config = config;
        this.self = self;
        this.enrollments = enrollments;
        this.mapper = mapper;
        this.clock = clock;
        this.interval = config.getReportInterval().toJavaDuration();
        String masterUrl = config.getMasterUrl() == null ? "" : config.getMasterUrl().trim();
        this.endpoint = masterUrl.isEmpty() ? null : FederationClient.stripSlash(masterUrl) + "/api/ces/metrics";
        this.shownEndpoint = MasterUrls.withoutUserInfo(endpoint);
    }

    @Override
    public void start() {
        if (endpoint == null) {
            problem = "CES_MASTER_URL is not set";
            LOG.error("this node is a CES slave but CES_MASTER_URL is not set: it cannot report to a master");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ces-slave-reporter");
            t.setDaemon(true);
            return t;
        });
        executor.execute(this::reportAndReschedule);
    }

    @Override
    public void stop() throws InterruptedException {
        if (executor != null) {
            executor.shutdownNow();
            executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    /** When the master last accepted a report from this node. */
    public Optional<Instant> lastAccepted() {
        return Optional.ofNullable(lastAccepted);
    }

    /** Why the last attempt failed; empty when it succeeded. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    private void reportAndReschedule() {
        Duration next;
        try {
            String failure = report();
            next = failure == null ? succeeded() : failed(failure);
        } catch (RuntimeException e) {
            next = failed(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (!executor.isShutdown()) {
            executor.schedule(this::reportAndReschedule, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** One attempt; null when the master accepted it, else why not. */
    private String report() throws InterruptedException {
        byte[] body;
        try {
            Map<String, Object> metrics = new LinkedHashMap<>();
            metrics.put("id", self.id());
            metrics.put("name", self.name());
            metrics.put("ip_address", self.ipAddress());
            metrics.put("total_enrollment", enrollments.count());
            metrics.put("custom_fields", config.getCustomFields());
            body = mapper.writeValueAsBytes(metrics);
        } catch (Exception e) {
            return "cannot read this node's metrics: " + e.getMessage();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-API-Key", config.getMasterApiKey() == null ? "" : config.getMasterApiKey())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return "master " + shownEndpoint + " is unreachable (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")";
        }
        if (response.statusCode() / 100 == 2) {
            return null;
        }
        return "master " + shownEndpoint + " refused the report with " + response.statusCode() + errorOf(response.body());
    }

    private String errorOf(String body) {
        try {
            JsonNode json = mapper.readTree(body);
            String error = json.path("error").asText("");
            return error.isEmpty() ? "" : ": " + error;
        } catch (Exception e) {
            return "";
        }
    }

    private Duration succeeded() {
        if (failures > 0) {
            LOG.info("CES master accepts reports again, after {} failed attempt(s)", failures);
        }
        failures = 0;
        problem = null;
        lastAccepted = clock.instant();
        return interval;
    }

    private Duration failed(String why) {
        failures++;
        if (failures == 1 || !why.equals(problem)) {
            // Once per outage (and again only if the reason changes), never once per retry.
            LOG.warn("CES report failed: {}; retrying with backoff up to every {}", why, config.getReportInterval());
        }
        problem = why;
        return backoff(failures);
    }

    /** 1 s, 2 s, 4 s ... capped at the report interval. */
    Duration backoff(int failedAttempts) {
        long factor = 1L << Math.min(failedAttempts - 1, 20);
        Duration delay = FIRST_RETRY.multipliedBy(factor);
        return delay.compareTo(interval) > 0 ? interval : delay;
    }
}
