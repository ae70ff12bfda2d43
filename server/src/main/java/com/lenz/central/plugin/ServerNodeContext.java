package com.lenz.central.plugin;

import com.lenz.central.exports.ExportPaths;
import com.lenz.central.plugin.api.Credential;
import com.lenz.central.plugin.api.EventHistory;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;

/**
 * The {@link NodeContext} of one attempt of one node. Remembers the secrets it handed out so that the
 * engine can mask them in the node's output and error.
 */
public final class ServerNodeContext implements NodeContext {

    private final String workflowId;
    private final String executionId;
    private final String nodeId;
    private final String nodeType;
    private final String triggerType;
    private final int attempt;
    private final Map<String, Object> config;
    private final NodeServices services;
    private final BooleanSupplier cancelled;
    private final List<String> secrets = Collections.synchronizedList(new ArrayList<>());
    private Logger logger;

    public ServerNodeContext(String workflowId, String executionId, String nodeId, String nodeType, String triggerType,
                             int attempt, Map<String, Object> config, NodeServices services, BooleanSupplier cancelled) {
        this.workflowId = workflowId;
        this.executionId = executionId;
        this.nodeId = nodeId;
        this.nodeType = nodeType;
        this.triggerType = triggerType;
        this.attempt = attempt;
        this.config = Collections.unmodifiableMap(config);
        this.services = services;
        this.cancelled = cancelled;
    }

    @Override
    public String workflowId() {
        return workflowId;
    }

    @Override
    public String executionId() {
        return executionId;
    }

    @Override
    public String nodeId() {
        return nodeId;
    }

    @Override
    public String triggerType() {
        return triggerType;
    }

    @Override
    public int attempt() {
        return attempt;
    }

    @Override
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public Optional<Credential> credential(String id) {
        Optional<Credential> credential = id == null ? Optional.empty() : services.credentials().apply(id);
        credential.ifPresent(c -> secrets.addAll(SecretForms.of(c)));
        return credential;
    }

    @Override
    public Path resolveExport(String virtualPath) throws NodeConfigException {
        ExportPaths.Resolution resolved = services.exports().resolve(virtualPath);
        if (resolved.path().isEmpty()) {
            throw new NodeConfigException("file", virtualPath + " " + resolved.refusal());
        }
        return resolved.path().get();
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.ofNullable(services.settings().get(name));
    }

    @Override
    public EventHistory events() {
        return services.events();
    }

    @Override
    public synchronized Logger logger() {
        if (logger == null) {
            logger = new NodeLogger(nodeType, workflowId, executionId, nodeId);
        }
        return logger;
    }

    @Override
    public boolean isCancelled() {
        return cancelled.getAsBoolean();
    }

    /** {@code text} with absolute paths under EXPORT_DIR replaced by their {@code /exports/...} virtual paths. */
    public String hideExportRoot(String text) {
        return services.exports() == null ? text : services.exports().hideRoot(text);
    }

    /**
     * The secret values of the credentials this node read (at least 4 characters long) in every form
     * {@link SecretForms} knows, longest first so that a form containing another is masked whole.
     */
    public List<String> secrets() {
        synchronized (secrets) {
            return secrets.stream().distinct()
                    .sorted(java.util.Comparator.comparingInt(String::length).reversed()).toList();
        }
    }
}
