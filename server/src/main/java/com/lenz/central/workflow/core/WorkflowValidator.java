package com.lenz.central.workflow.core;

import com.lenz.central.logging.LogRedactor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.core.DomainException;
import com.lenz.central.http.NulCharacters;
import com.lenz.central.plugin.NodeConfigCheck;
import com.lenz.central.plugin.NodeType;
import com.lenz.central.plugin.NodeTypeRegistry;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.workflow.trigger.core.CronSchedule;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.lenz.central.workflow.engine.ConfigTemplates;

/**
 * Reads the body of {@code POST} and {@code PUT /api/workflows} and checks everything that can be checked
 * before a run: each failure is a 400 naming the field ({@code "nodes[1].config.file: ..."}).
 */
public class WorkflowValidator {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowValidator.class);
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final int MAX_NODES = 100;
    static final long MAX_TIMEOUT_MS = 24L * 3600 * 1000;
    static final long MAX_BACKOFF_MS = 3600L * 1000;
    static final int MAX_ATTEMPTS = 10;
    static final long MAX_WEBHOOK_TIMEOUT_MS = 5L * 60 * 1000;
    static final int MIN_WEBHOOK_TOKEN = 8;
    static final int MAX_CONCURRENT = 100_000;

    private final NodeTypeRegistry nodeTypes;
    private final NodeConfigCheck configCheck;
    private final ConfigTemplates templates;
    private final ObjectMapper json;

    public WorkflowValidator(NodeTypeRegistry nodeTypes, NodeConfigCheck configCheck, ConfigTemplates templates,
                             ObjectMapper json) {
        this.nodeTypes = nodeTypes;
        this.configCheck = configCheck;
        this.templates = templates;
        this.json = json;
    }

    /** A workflow as a client sent it, checked; id and timestamps are the store's. */
    public record Draft(String name, String description, boolean isActive, TriggerNode trigger, List<WorkflowNode> nodes,
                        Integer maxConcurrent) {

        /** A draft without a limit on concurrent executions. */
        public Draft(String name, String description, boolean isActive, TriggerNode trigger, List<WorkflowNode> nodes) {
            this(name, description, isActive, trigger, nodes, null);
        }
    }

    public Draft read(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw DomainException.invalid("request body is required");
        }
        if (!body.isObject()) {
            throw DomainException.invalid("request body must be a JSON object");
        }
        NulCharacters.reject(body, "");
        String name = string(body, "name", "name");
        if (name == null || name.isBlank()) {
            throw DomainException.invalid("name is required");
        }
        if (name.length() > 200) {
            throw DomainException.invalid("name must be at most 200 characters");
        }
        String description = string(body, "description", "description");
        if (description != null && description.length() > 5000) {
            throw DomainException.invalid("description must be at most 5000 characters");
        }
        JsonNode active = body.get("is_active");
        if (active != null && !active.isNull() && !active.isBoolean()) {
            throw DomainException.invalid("is_active must be a boolean");
        }
        boolean isActive = active == null || active.isNull() || active.asBoolean();
        TriggerNode trigger = readTrigger(body.get("trigger_node"));
        List<WorkflowNode> nodes = readNodes(body.get("nodes"));
        return new Draft(name.trim(), description, isActive, trigger, nodes, readMaxConcurrent(body.get("max_concurrent")));
    }

    /** Optional: null (or absent) means no limit. */
    private static Integer readMaxConcurrent(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToExactIntegral() || value.asLong() < 1 || value.asLong() > MAX_CONCURRENT) {
            throw DomainException.invalid("max_concurrent must be an integer from 1 to " + MAX_CONCURRENT
                    + ", or null for no limit");
        }
        return value.asInt();
    }

    private TriggerNode readTrigger(JsonNode node) {
        if (node == null || node.isNull()) {
            throw DomainException.invalid("trigger_node is required");
        }
        if (!node.isObject()) {
            throw DomainException.invalid("trigger_node must be an object");
        }
        String type = string(node, "type", "trigger_node.type");
        if (type == null) {
            throw DomainException.invalid("trigger_node.type is required: manual, schedule, webhook or event");
        }
        Map<String, Object> config = object(node.get("config"), "trigger_node.config");
        switch (type) {
            case TriggerNode.MANUAL -> {
            }
            case TriggerNode.SCHEDULE -> checkSchedule(config);
            case TriggerNode.WEBHOOK -> checkWebhook(config);
            case TriggerNode.EVENT -> checkEvent(config);
            default -> throw DomainException.invalid("trigger_node.type must be manual, schedule, webhook or event, not '"
                    + abbreviate(type) + "'");
        }
        return new TriggerNode(type, config);
    }

    private static void checkSchedule(Map<String, Object> config) {
        Object timezone = config.get("timezone");
        if (timezone != null && (!(timezone instanceof String tz) || CronSchedule.zone(tz).isEmpty())) {
            throw DomainException.invalid("trigger_node.config.timezone must be an IANA time zone such as Asia/Jakarta");
        }
        Object cron = config.get("cron");
        if (cron == null) {
            throw DomainException.invalid("trigger_node.config.cron is required for a schedule trigger");
        }
        if (!(cron instanceof String expression)) {
            throw DomainException.invalid("trigger_node.config.cron must be a string such as \"0 0 7 * * *\"");
        }
        CronSchedule schedule;
        try {
            schedule = CronSchedule.parse(expression, ZoneOffset.UTC);
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("trigger_node.config.cron is not a valid cron expression: " + e.getMessage());
        }
        // A valid expression may name no real day (0 0 7 31 2 *: 31 February): it would never fire.
        if (schedule.nextAfter(ZonedDateTime.now(ZoneOffset.UTC)).isEmpty()) {
            throw DomainException.invalid("trigger_node.config.cron never fires: \"" + expression + "\" names no date that exists");
        }
    }

    private static void checkWebhook(Map<String, Object> config) {
        Object token = config.get("token");
        if (token == null) {
            throw DomainException.invalid("trigger_node.config.token is required for a webhook trigger");
        }
        if (!(token instanceof String t) || t.length() < MIN_WEBHOOK_TOKEN || t.length() > 256) {
            throw DomainException.invalid("trigger_node.config.token must be a string of " + MIN_WEBHOOK_TOKEN
                    + " to 256 characters");
        }
        LogRedactor.register(t); // seen in clear when saved: the JDBC driver at TRACE prints the stored config
        Object response = config.get("response");
        if (response != null && !"accepted".equals(response) && !"last_node".equals(response)) {
            throw DomainException.invalid("trigger_node.config.response must be accepted or last_node");
        }
        Object timeout = config.get("timeout_ms");
        if (timeout != null && !isWhole(timeout, 1, MAX_WEBHOOK_TIMEOUT_MS)) {
            throw DomainException.invalid("trigger_node.config.timeout_ms must be an integer from 1 to " + MAX_WEBHOOK_TIMEOUT_MS);
        }
    }

    private static void checkEvent(Map<String, Object> config) {
        Object analyticType = config.get("analytic_type");
        if (!(analyticType instanceof String a) || a.isBlank()) {
            throw DomainException.invalid("trigger_node.config.analytic_type is required for an event trigger (a string such as \"FR\")");
        }
        Object stream = config.get("stream_id");
        if (stream != null && !(stream instanceof String)) {
            throw DomainException.invalid("trigger_node.config.stream_id must be a string");
        }
    }

    private List<WorkflowNode> readNodes(JsonNode array) {
        if (array == null || array.isNull()) {
            throw DomainException.invalid("nodes is required (a list, which may be empty)");
        }
        if (!array.isArray()) {
            throw DomainException.invalid("nodes must be a list");
        }
        if (array.size() > MAX_NODES) {
            throw DomainException.invalid("nodes must have at most " + MAX_NODES + " entries");
        }
        List<String> ids = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode node = array.get(i);
            String field = "nodes[" + i + "]";
            if (!node.isObject()) {
                throw DomainException.invalid(field + " must be an object");
            }
            String id = string(node, "id", field + ".id");
            if (id == null || !NODE_ID.matcher(id).matches()) {
                throw DomainException.invalid(field + ".id is required: 1 to 64 letters, digits, '_' or '-'");
            }
            if (!seen.add(id)) {
                throw DomainException.invalid(field + ".id: " + id + " is used by another node; node ids must be unique");
            }
            ids.add(id);
        }
        List<WorkflowNode> nodes = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            nodes.add(readNode(array.get(i), i, ids));
        }
        return nodes;
    }

    private WorkflowNode readNode(JsonNode node, int index, List<String> ids) {
        String field = "nodes[" + index + "]";
        String id = ids.get(index);
        String typeName = string(node, "type", field + ".type");
        if (typeName == null) {
            throw DomainException.invalid(field + ".type is required");
        }
        NodeType type = nodeTypes.find(typeName).orElseThrow(() -> DomainException.invalid(field + ".type: unknown node type '"
                + abbreviate(typeName) + "'; GET /api/workflows/node-types lists the loaded ones"));
        String name = string(node, "name", field + ".name");
        if (name != null && name.length() > 200) {
            throw DomainException.invalid(field + ".name must be at most 200 characters");
        }
        Map<String, Object> config = object(node.get("config"), field + ".config");
        WorkflowNode.RetryPolicy retry = readRetry(node.get("retry"), field + ".retry");
        Long timeoutMs = null;
        JsonNode timeout = node.get("timeout_ms");
        if (timeout != null && !timeout.isNull()) {
            if (!timeout.canConvertToExactIntegral() || timeout.asLong() < 1 || timeout.asLong() > MAX_TIMEOUT_MS) {
                throw DomainException.invalid(field + ".timeout_ms must be an integer from 1 to " + MAX_TIMEOUT_MS);
            }
            timeoutMs = timeout.asLong();
        }
        Boolean continueOnFail = null;
        JsonNode cof = node.get("continue_on_fail");
        if (cof != null && !cof.isNull()) {
            if (!cof.isBoolean()) {
                throw DomainException.invalid(field + ".continue_on_fail must be a boolean");
            }
            continueOnFail = cof.asBoolean();
        }

        List<String> problems = configCheck.problems(type, config);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(field + ".config." + String.join("; " + field + ".config.", problems));
        }
        problems = templates.check(config, field + ".config", ids.subList(0, index), ids.subList(index, ids.size()));
        if (!problems.isEmpty()) {
            throw DomainException.invalid(String.join("; ", problems));
        }
        try {
            type.node().validate(java.util.Collections.unmodifiableMap(config));
        } catch (NodeConfigException e) {
            String at = e.field() == null || e.field().isEmpty() ? ".config" : ".config." + e.field();
            throw DomainException.invalid(field + at + ": " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("node type {} failed to validate a config", typeName, e);
            throw DomainException.invalid(field + ".config: node type " + typeName + " rejected it: " + e.getMessage());
        }
        return new WorkflowNode(id, typeName, name == null || name.isBlank() ? type.name() : name, config, retry,
                timeoutMs, continueOnFail);
    }

    private static WorkflowNode.RetryPolicy readRetry(JsonNode retry, String field) {
        if (retry == null || retry.isNull()) {
            return null;
        }
        if (!retry.isObject()) {
            throw DomainException.invalid(field + " must be an object: {\"max_attempts\": n, \"backoff_ms\": n}");
        }
        JsonNode attempts = retry.get("max_attempts");
        if (attempts == null || !attempts.canConvertToExactIntegral() || attempts.asLong() < 1 || attempts.asLong() > MAX_ATTEMPTS) {
            throw DomainException.invalid(field + ".max_attempts must be an integer from 1 to " + MAX_ATTEMPTS);
        }
        JsonNode backoff = retry.get("backoff_ms");
        long backoffMs = 1000;
        if (backoff != null && !backoff.isNull()) {
            if (!backoff.canConvertToExactIntegral() || backoff.asLong() < 0 || backoff.asLong() > MAX_BACKOFF_MS) {
                throw DomainException.invalid(field + ".backoff_ms must be an integer from 0 to " + MAX_BACKOFF_MS);
            }
            backoffMs = backoff.asLong();
        }
        JsonNode kind = retry.get("backoff");
        JsonNode max = retry.get("max_backoff_ms");
        boolean exponential = false;
        if (kind != null && !kind.isNull()) {
            if (!kind.isTextual() || !(kind.asText().equals(WorkflowNode.RetryPolicy.FIXED)
                    || kind.asText().equals(WorkflowNode.RetryPolicy.EXPONENTIAL))) {
                throw DomainException.invalid(field + ".backoff must be \"fixed\" or \"exponential\"");
            }
            exponential = kind.asText().equals(WorkflowNode.RetryPolicy.EXPONENTIAL);
        }
        if (!exponential) {
            if (max != null && !max.isNull()) {
                throw DomainException.invalid(field + ".max_backoff_ms applies only to \"backoff\": \"exponential\"");
            }
            return new WorkflowNode.RetryPolicy(attempts.asInt(), backoffMs);
        }
        long maxBackoffMs = MAX_BACKOFF_MS;
        if (max != null && !max.isNull()) {
            if (!max.canConvertToExactIntegral() || max.asLong() < Math.max(1, backoffMs) || max.asLong() > MAX_BACKOFF_MS) {
                throw DomainException.invalid(field + ".max_backoff_ms must be an integer from backoff_ms ("
                        + backoffMs + ") to " + MAX_BACKOFF_MS);
            }
            maxBackoffMs = max.asLong();
        }
        return new WorkflowNode.RetryPolicy(attempts.asInt(), backoffMs, WorkflowNode.RetryPolicy.EXPONENTIAL, maxBackoffMs);
    }

    private static String string(JsonNode parent, String key, String field) {
        JsonNode value = parent.get(key);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw DomainException.invalid(field + " must be a string");
        }
        return value.asText();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> object(JsonNode value, String field) {
        if (value == null || value.isNull()) {
            return new LinkedHashMap<>();
        }
        if (!value.isObject()) {
            throw DomainException.invalid(field + " must be an object");
        }
        return json.convertValue(value, LinkedHashMap.class);
    }

    private static boolean isWhole(Object value, long min, long max) {
        if (!(value instanceof Integer || value instanceof Long)) {
            return false;
        }
        long n = ((Number) value).longValue();
        return n >= min && n <= max;
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 61) + "..." : s;
    }
}
