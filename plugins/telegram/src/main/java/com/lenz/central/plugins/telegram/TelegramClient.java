package com.lenz.central.plugins.telegram;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.RetryableNodeException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.mime.HttpMultipartMode;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The two Bot API calls the nodes make, {@code sendMessage} (JSON) and {@code sendDocument}
 * (multipart). A 429 is waited out for its {@code retry_after} (while the node is not cancelled) and
 * tried again; Telegram's {@code description} is surfaced on failure. The bot token travels only in
 * the request path and is never put into a message.
 */
final class TelegramClient {

    static final int MAX_RATE_LIMIT_WAITS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final CloseableHttpClient HTTP = HttpClients.custom()
            .setDefaultRequestConfig(RequestConfig.custom()
                    .setConnectionRequestTimeout(Timeout.ofSeconds(30))
                    .setResponseTimeout(Timeout.ofSeconds(120))
                    .build())
            .disableAutomaticRetries()
            .build();

    private final String baseUrl;
    private final String token;
    private final NodeContext context;

    TelegramClient(String baseUrl, String token, NodeContext context) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
        this.token = token;
        this.context = context;
    }

    /** The {@code result} of sendMessage. */
    JsonNode sendMessage(String chatId, String text, String parseMode) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("chat_id", chatId);
        body.put("text", text);
        if (parseMode != null) {
            body.put("parse_mode", parseMode);
        }
        String json = JSON.writeValueAsString(body);
        return call("sendMessage", () -> new StringEntity(json, ContentType.APPLICATION_JSON));
    }

    /** The {@code result} of sendDocument. */
    JsonNode sendDocument(String chatId, Path file, String caption, String parseMode) throws Exception {
        return call("sendDocument", () -> {
            MultipartEntityBuilder multipart = MultipartEntityBuilder.create()
                    .setMode(HttpMultipartMode.EXTENDED)
                    .setCharset(StandardCharsets.UTF_8)
                    .addTextBody("chat_id", chatId, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8))
                    .addBinaryBody("document", file.toFile(), contentTypeOf(file), file.getFileName().toString());
            if (caption != null) {
                multipart.addTextBody("caption", caption, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8));
            }
            if (parseMode != null) {
                multipart.addTextBody("parse_mode", parseMode, ContentType.TEXT_PLAIN.withCharset(StandardCharsets.UTF_8));
            }
            return multipart.build();
        });
    }

    private interface Body {
        HttpEntity build() throws IOException;
    }

    private record Answer(int status, JsonNode json) {
    }

    private JsonNode call(String method, Body body) throws Exception {
        for (int waits = 0; ; waits++) {
            HttpPost post = new HttpPost(baseUrl + "/bot" + token + "/" + method);
            post.setEntity(body.build());
            Answer answer;
            try {
                answer = HTTP.execute(post, response -> {
                    String text = response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity(), StandardCharsets.UTF_8);
                    JsonNode json;
                    try {
                        json = text.isBlank() ? null : JSON.readTree(text);
                    } catch (IOException notJson) {
                        json = null;
                    }
                    return new Answer(response.getCode(), json);
                });
            } catch (IOException e) {
                // The message of a connection error names the host only, never the path with the token.
                throw new RetryableNodeException("Telegram " + method + " failed: " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage().replace(token, "***")), e);
            }
            JsonNode json = answer.json();
            if (json != null && json.path("ok").asBoolean(false)) {
                return json.path("result");
            }
            String description = json == null ? "HTTP " + answer.status() : json.path("description").asText("HTTP " + answer.status());
            if (answer.status() == 429) {
                long retryAfter = json == null ? 1 : json.path("parameters").path("retry_after").asLong(1);
                if (waits >= MAX_RATE_LIMIT_WAITS) {
                    throw new RetryableNodeException("Telegram " + method + " rate-limited: " + description, null,
                            Duration.ofSeconds(retryAfter));
                }
                context.logger().info("Telegram asked to retry {} after {} s", method, retryAfter);
                waitFor(Duration.ofSeconds(Math.max(1, retryAfter)));
                continue;
            }
            String message = "Telegram " + method + " failed: " + description + " (error " + answer.status() + ")";
            if (answer.status() >= 500) {
                throw new RetryableNodeException(message);
            }
            throw new IllegalStateException(message);
        }
    }

    private void waitFor(Duration duration) throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            if (context.isCancelled()) {
                throw new CancellationException("cancelled while waiting for Telegram's rate limit");
            }
            Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
        }
    }

    private static ContentType contentTypeOf(Path file) {
        String name = file.getFileName().toString().toLowerCase();
        if (name.endsWith(".csv")) {
            return ContentType.create("text/csv", StandardCharsets.UTF_8);
        }
        if (name.endsWith(".json")) {
            return ContentType.APPLICATION_JSON;
        }
        return ContentType.APPLICATION_OCTET_STREAM;
    }
}
