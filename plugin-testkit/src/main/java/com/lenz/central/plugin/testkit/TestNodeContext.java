package com.lenz.central.plugin.testkit;

import com.lenz.central.plugin.api.Credential;
import com.lenz.central.plugin.api.EventHistory;
import com.lenz.central.plugin.api.HistoryEvent;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link NodeContext} for unit tests of action nodes: the config as the server would hand it over
 * (already rendered), credentials, an export root in a folder of the test's, events held in memory
 * and a cancellation switch. Path checks follow the server's rules ({@code /exports/...}, no {@code ..}).
 */
public final class TestNodeContext implements NodeContext {

    private final Map<String, Object> config;
    private final Map<String, Credential> credentials = new HashMap<>();
    private final Map<String, String> settings = new HashMap<>();
    private final List<HistoryEvent> events = new ArrayList<>();
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private Path exportRoot;

    private TestNodeContext(Map<String, Object> config) {
        this.config = config;
    }

    /** A context whose node config is {@code config}. */
    public static TestNodeContext withConfig(Map<String, Object> config) {
        return new TestNodeContext(config);
    }

    public TestNodeContext credential(Credential credential) {
        credentials.put(credential.id(), credential);
        return this;
    }

    public TestNodeContext exportRoot(Path root) {
        this.exportRoot = root;
        return this;
    }

    public TestNodeContext withSetting(String name, String value) {
        settings.put(name, value);
        return this;
    }

    public TestNodeContext event(HistoryEvent event) {
        events.add(event);
        return this;
    }

    public void cancel() {
        cancelled.set(true);
    }

    @Override
    public String workflowId() {
        return "wf-test";
    }

    @Override
    public String executionId() {
        return "exec-test";
    }

    @Override
    public String nodeId() {
        return "node-test";
    }

    @Override
    public String triggerType() {
        return "manual";
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public Map<String, Object> config() {
        return config;
    }

    @Override
    public Optional<Credential> credential(String id) {
        return Optional.ofNullable(credentials.get(id));
    }

    @Override
    public Path resolveExport(String virtualPath) throws NodeConfigException {
        if (exportRoot == null) {
            throw new NodeConfigException("file", "no export root in this test");
        }
        if (virtualPath == null || !virtualPath.startsWith("/exports/")) {
            throw new NodeConfigException("file", "must start with /exports/");
        }
        String relative = virtualPath.substring("/exports/".length());
        for (String segment : relative.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".") || segment.isEmpty()) {
                throw new NodeConfigException("file", "is not a valid export path");
            }
        }
        try {
            Path root = exportRoot.toRealPath();
            return root.resolve(relative).normalize();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public EventHistory events() {
        return (analyticType, from, to, sink) -> {
            long n = 0;
            for (HistoryEvent e : events.stream()
                    .filter(e -> e.analyticType().equals(analyticType))
                    .filter(e -> !e.eventTime().isBefore(from) && e.eventTime().isBefore(to))
                    .sorted(java.util.Comparator.comparing(HistoryEvent::eventTime))
                    .toList()) {
                sink.accept(e);
                n++;
            }
            return n;
        };
    }

    @Override
    public Logger logger() {
        return LoggerFactory.getLogger("node-test");
    }

    @Override
    public boolean isCancelled() {
        return cancelled.get();
    }

    @Override
    public Optional<String> setting(String name) {
        return Optional.ofNullable(settings.get(name));
    }

    /** Creates the export root's folder if it does not exist yet. */
    public TestNodeContext ensureExportRoot() {
        try {
            Files.createDirectories(exportRoot);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
