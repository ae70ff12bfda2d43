package com.lenz.central.workflow.core;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What starts a workflow: {@code manual}, {@code schedule} ({@code config.cron}, {@code config.timezone}),
 * {@code webhook} ({@code config.token}, {@code config.response}, {@code config.timeout_ms}) or
 * {@code event} ({@code config.analytic_type}, {@code config.stream_id}).
 */
public record TriggerNode(String type, Map<String, Object> config) {

    public static final String MANUAL = "manual";
    public static final String SCHEDULE = "schedule";
    public static final String WEBHOOK = "webhook";
    public static final String EVENT = "event";

    /** Shown instead of a webhook's token: a secret is never answered. */
    public static final String HIDDEN = "********";

    public TriggerNode {
        config = config == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(config));
    }

    /** This trigger as responses show it: a webhook's token (stored as its hash) shown as the placeholder. */
    public TriggerNode withoutSecrets() {
        if (!config.containsKey(WebhookToken.TOKEN_KEY) && !config.containsKey(WebhookToken.HASH_KEY)) {
            return this;
        }
        Map<String, Object> shown = new LinkedHashMap<>(config);
        shown.remove(WebhookToken.HASH_KEY);
        shown.put(WebhookToken.TOKEN_KEY, HIDDEN);
        return new TriggerNode(type, shown);
    }
}
