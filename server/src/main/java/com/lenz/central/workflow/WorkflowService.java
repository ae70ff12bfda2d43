package com.lenz.central.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lenz.central.http.ApiException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Creating, reading, replacing and deleting workflows. What leaves here never holds a webhook's token:
 * it is shown as {@link TriggerNode#HIDDEN}, and a replace that sends the placeholder (or no token) for a
 * webhook that has one keeps the stored token.
 */
public class WorkflowService {

    private final WorkflowStore store;
    private final WorkflowValidator validator;
    private final ExecutionService executions;
    private final Clock clock;

    public WorkflowService(WorkflowStore store, WorkflowValidator validator, ExecutionService executions, Clock clock) {
        this.store = store;
        this.validator = validator;
        this.executions = executions;
        this.clock = clock;
    }

    public Workflow create(JsonNode body) {
        return shown(store.create(validator.read(body), now()));
    }

    public Workflow replace(String id, JsonNode body) {
        Workflow stored = find(id);
        WorkflowValidator.Draft draft = validator.read(keepToken(body, stored));
        return shown(store.replace(id, draft, now()).orElseThrow(() -> notFound(id)));
    }

    public Workflow get(String id) {
        return shown(find(id));
    }

    /** The workflow with its secrets, for running it. */
    public Workflow find(String id) {
        return store.find(id).orElseThrow(() -> notFound(id));
    }

    public List<Workflow> list(String search, long offset, int limit) {
        return store.list(search, offset, limit).stream().map(WorkflowService::shown).toList();
    }

    public long count(String search) {
        return store.count(search);
    }

    /** Deletes a workflow and its logs, cancelling its executions running here first. */
    public void delete(String id) {
        find(id);
        executions.cancelWorkflow(id, "the workflow was deleted");
        if (!store.delete(id)) {
            throw notFound(id);
        }
    }

    static Workflow shown(Workflow workflow) {
        return workflow.withTrigger(workflow.triggerNode().withoutSecrets());
    }

    private static JsonNode keepToken(JsonNode body, Workflow stored) {
        Object storedToken = stored.triggerNode().config().get("token");
        if (!(storedToken instanceof String token) || body == null || !body.isObject()) {
            return body;
        }
        JsonNode trigger = body.get("trigger_node");
        if (trigger == null || !trigger.isObject() || !TriggerNode.WEBHOOK.equals(trigger.path("type").asText())
                || !TriggerNode.WEBHOOK.equals(stored.triggerNode().type())) {
            return body;
        }
        JsonNode config = trigger.get("config");
        JsonNode sent = config == null ? null : config.get("token");
        if (sent != null && !sent.isNull() && !TriggerNode.HIDDEN.equals(sent.asText())) {
            return body;
        }
        ObjectNode copy = body.deepCopy();
        ObjectNode copyTrigger = (ObjectNode) copy.get("trigger_node");
        ObjectNode copyConfig = config != null && config.isObject() ? (ObjectNode) copyTrigger.get("config")
                : copyTrigger.putObject("config");
        copyConfig.put("token", token);
        return copy;
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("no workflow with id " + id);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
