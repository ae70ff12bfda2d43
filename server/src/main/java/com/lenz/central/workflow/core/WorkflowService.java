package com.lenz.central.workflow.core;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lenz.central.core.DomainException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import com.lenz.central.workflow.db.WorkflowStore;
import com.lenz.central.workflow.engine.ExecutionService;

/**
 * Creating, reading, replacing and deleting workflows. A webhook's token is stored as its hash
 * ({@link WebhookToken}) and shown as {@link TriggerNode#HIDDEN}; a replace that sends the placeholder
 * (or no token) for a webhook that has one keeps the stored hash.
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
        return shown(store.create(sealed(validator.read(body), null), now()));
    }

    public Workflow replace(String id, JsonNode body) {
        Workflow stored = find(id);
        String keptHash = keepsToken(body, stored) ? (String) stored.triggerNode().config().get(WebhookToken.HASH_KEY) : null;
        WorkflowValidator.Draft draft = validator.read(keptHash == null ? body : withPlaceholderToken(body));
        return shown(store.replace(id, sealed(draft, keptHash), now()).orElseThrow(() -> notFound(id)));
    }

    private static WorkflowValidator.Draft sealed(WorkflowValidator.Draft draft, String keptHash) {
        return new WorkflowValidator.Draft(draft.name(), draft.description(), draft.isActive(),
                WebhookToken.sealed(draft.trigger(), keptHash), draft.nodes(), draft.maxConcurrent());
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

    /**
     * Whether a replace keeps the stored token: both the stored and the sent trigger are webhooks, one is
     * stored, and the body sends the placeholder or no token.
     */
    private static boolean keepsToken(JsonNode body, Workflow stored) {
        if (!(stored.triggerNode().config().get(WebhookToken.HASH_KEY) instanceof String) || body == null
                || !body.isObject() || !TriggerNode.WEBHOOK.equals(stored.triggerNode().type())) {
            return false;
        }
        JsonNode trigger = body.get("trigger_node");
        if (trigger == null || !trigger.isObject() || !TriggerNode.WEBHOOK.equals(trigger.path("type").asText())) {
            return false;
        }
        JsonNode config = trigger.get("config");
        JsonNode sent = config == null ? null : config.get(WebhookToken.TOKEN_KEY);
        return sent == null || sent.isNull() || TriggerNode.HIDDEN.equals(sent.asText());
    }

    /** The body with the placeholder as its token, so that validation passes; the stored hash replaces it. */
    private static JsonNode withPlaceholderToken(JsonNode body) {
        ObjectNode copy = body.deepCopy();
        ObjectNode trigger = (ObjectNode) copy.get("trigger_node");
        JsonNode config = trigger.get("config");
        ObjectNode copyConfig = config != null && config.isObject() ? (ObjectNode) config : trigger.putObject("config");
        copyConfig.put(WebhookToken.TOKEN_KEY, TriggerNode.HIDDEN);
        return copy;
    }

    private static DomainException notFound(String id) {
        return DomainException.notFound("no workflow with id " + id);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
