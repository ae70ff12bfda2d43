package com.lenz.central.workflow;

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

    /** This trigger as responses show it: a webhook's token hidden. */
    public TriggerNode withoutSecrets() {
        if (!config.containsKey("token")) {
            return this;
        }
        Map<String, Object> shown = new LinkedHashMap<>(config);
        shown.put("token", HIDDEN);
        return new TriggerNode(type, shown);
    }
}
