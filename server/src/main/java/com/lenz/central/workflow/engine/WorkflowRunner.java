package com.lenz.central.workflow.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.db.DatabaseAvailability;
import com.lenz.central.logging.RunContext;
import com.lenz.central.plugin.NodeConfigCheck;
import com.lenz.central.plugin.NodeServices;
import com.lenz.central.plugin.NodeType;
import com.lenz.central.plugin.NodeTypeRegistry;
import com.lenz.central.plugin.NodeTypes;
import com.lenz.central.plugin.ServerNodeContext;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeResult;
import com.lenz.central.plugin.api.RetryableNodeException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.lenz.central.workflow.core.Workflow;
import com.lenz.central.workflow.core.WorkflowNode;
import com.lenz.central.workflow.core.NodeFingerprints;
import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.core.RunStatus;
import com.lenz.central.workflow.db.ExecutionStore;

/**
 * Runs one execution: the nodes in order, each with its config rendered against the outputs so far,
 * its retries, timeout and continue-on-fail, writing every step to the store as it happens.
 *
 * <p>An attempt of a node with {@code timeout_ms} runs on a thread of {@code nodeThreads} (a bounded pool
 * the server's lifecycle owns, {@code WORKFLOW_NODE_THREADS}), so that the execution moves on at the
 * deadline even when the node ignores its interrupt. A node without a timeout
 * runs on the execution's own thread (no hand-off between threads, which is most of the cost of trivial
 * nodes); a cancel interrupts that thread.
 */
public class WorkflowRunner {

    private static final Logger LOG = LoggerFactory.getLogger(WorkflowRunner.class);
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };
    static final String SERVER_STOPPED = "the server stopped during this execution";

    private final ExecutionStore store;
    private final NodeTypeRegistry nodeTypes;
    private final NodeConfigCheck configCheck;
    private final ConfigTemplates templates;
    private final NodeServices services;
    private final ExecutorService nodeThreads;
    private final ObjectMapper json;
    private final Clock clock;
    private final Backoff backoff;
    private final NodeFingerprints fingerprints;
    /** How long a step write waits for a database that went away (WORKFLOW_STALE_AFTER). */
    private volatile Duration storeRetryLimit = Duration.ZERO;
    private volatile ExecutionObserver observer = ExecutionObserver.NONE;

    public WorkflowRunner(ExecutionStore store, NodeTypeRegistry nodeTypes, NodeConfigCheck configCheck,
                          ConfigTemplates templates, NodeServices services, ExecutorService nodeThreads,
                          ObjectMapper json, Clock clock) {
        this(store, nodeTypes, configCheck, templates, services, nodeThreads, json, clock, new Backoff());
    }

    /** @param backoff the waits between attempts of a node (a test gives its own jitter) */
    public WorkflowRunner(ExecutionStore store, NodeTypeRegistry nodeTypes, NodeConfigCheck configCheck,
                          ConfigTemplates templates, NodeServices services, ExecutorService nodeThreads,
                          ObjectMapper json, Clock clock, Backoff backoff) {
        this.backoff = backoff;
        this.fingerprints = new NodeFingerprints(json);
        this.store = store;
        this.nodeTypes = nodeTypes;
        this.configCheck = configCheck;
        this.templates = templates;
        this.services = services;
        this.nodeThreads = nodeThreads;
        this.json = json;
        this.clock = clock;
    }

    /**
     * A step write that fails because the database is unavailable is tried again, with backoff, for up to
     * {@code limit}; then the run ends failed saying so.
     */
    void retryStoreFor(Duration limit) {
        storeRetryLimit = limit;
    }

    /** Told of every node's end (metrics). */
    void observe(ExecutionObserver observer) {
        this.observer = observer;
    }

    /** Interrupts the nodes still running (the server is stopping). */
    void shutdown() {
        nodeThreads.shutdownNow();
    }

    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** How one node ended. */
    private record Outcome(RunStatus status, Map<String, Object> output, String error, int attempts, String endsRun) {
        static Outcome success(Map<String, Object> output, int attempts, String endsRun) {
            return new Outcome(Execution.SUCCESS, output, null, attempts, endsRun);
        }

        static Outcome failed(String error, int attempts) {
            return new Outcome(Execution.FAILED, null, error, attempts, null);
        }

        static Outcome cancelled(int attempts) {
            return new Outcome(Execution.CANCELLED, null, null, attempts, null);
        }
    }

    /** How one attempt ended; {@code retryAfter} only for a retryable failure. */
    private record Attempt(Outcome outcome, boolean retryable, Duration retryAfter) {
    }

    Execution run(RunningExecution run) {
        // The node types of the plugins loaded now, for the whole run: a plugin reload meanwhile does not change them.
        try (NodeTypes types = nodeTypes.acquire()) {
            return run(run, types);
        }
    }

    private Execution run(RunningExecution run, NodeTypes types) {
        Workflow workflow = run.workflow();
        List<WorkflowNode> nodes = workflow.nodes();
        List<Execution.NodeRun> results = new ArrayList<>();
        Map<String, Object> model = model(run);
        @SuppressWarnings("unchecked")
        Map<String, Object> nodesSoFar = (Map<String, Object>) model.get("nodes");
        RunStatus status = Execution.SUCCESS;
        String error = null;
        String skipReason = null;
        // A node's end is written with the start of the next one (or the end of the execution).
        ExecutionStore.Finished unwritten = null;

        boolean stopped = false;
        // A retry: the nodes that succeeded before are not run again; templates see their stored results.
        List<Execution.NodeRun> reused = run.reused();
        for (int i = 0; i < reused.size(); i++) {
            Execution.NodeRun done = reused.get(i);
            results.add(done);
            Map<String, Object> entry = entry(nodes.get(i), done.status(), done.output(), done.error());
            nodesSoFar.put(done.nodeId(), entry);
            model.put("prev", entry);
        }
        for (int i = reused.size(); i < nodes.size(); i++) {
            WorkflowNode node = nodes.get(i);
            if (run.isCancelled()) {
                stopped = true;
                break; // the end is written below, as for a node that was cancelled
            }
            RunContext.enterNode(node.id()); // the execution's ids are in the MDC already (ExecutionService)
            Instant started = now();
            int position = i;
            ExecutionStore.Finished previous = unwritten;
            ShortRun shortRun = run.shortRun();
            String notStored = persist(run, storeRetryLimit, shortRun == null
                    ? () -> store.nodeStarted(run.id(), previous, position, node, started)
                    : () -> shortRun.nodeStarted(previous, position, node, started));
            if (notStored != null) {
                // The database stayed away longer than other servers wait for a heartbeat: stop here, and
                // say why (the end is written if the database is back by then).
                status = Execution.FAILED;
                error = notStored;
                skipReason = notStored;
                break;
            }
            Outcome outcome = runNode(run, types, node, model);
            if (Execution.CANCELLED.equals(outcome.status()) && run.stoppedByServer()) {
                outcome = Outcome.failed(SERVER_STOPPED, outcome.attempts());
            }
            Execution.NodeRun result = new Execution.NodeRun(node.id(), node.type(), node.name(), outcome.status(),
                    started, now(), outcome.output(), outcome.error(), outcome.attempts());
            observer.nodeEnded(node.type(), outcome.status(), Duration.between(started, result.finishedAt()));
            results.add(result);
            unwritten = new ExecutionStore.Finished(i, result);

            Map<String, Object> entry = entry(node, outcome.status(), outcome.output(), outcome.error());
            nodesSoFar.put(node.id(), entry);
            model.put("prev", entry);

            if (Execution.CANCELLED.equals(outcome.status()) || run.stoppedByServer()) {
                stopped = true;
                break;
            }
            if (Execution.FAILED.equals(outcome.status()) && !node.continuesOnFail()) {
                status = Execution.FAILED;
                error = "node " + node.id() + " failed: " + outcome.error();
                skipReason = "skipped because node " + node.id() + " failed";
                break;
            }
            if (outcome.endsRun() != null) {
                // e.g. a filter whose conditions are false: the run is a success that stops here.
                skipReason = outcome.endsRun();
                break;
            }
        }
        RunContext.leaveNode();
        if (stopped) {
            // Cancelled by a user, or stopped by the server (which reads as a failure).
            status = run.stoppedByServer() ? Execution.FAILED : Execution.CANCELLED;
            error = run.cancelReason();
            skipReason = run.stoppedByServer() ? SERVER_STOPPED : "execution cancelled";
        }
        List<Execution.NodeRun> skipped = new ArrayList<>();
        for (int i = results.size(); i < nodes.size(); i++) {
            WorkflowNode node = nodes.get(i);
            skipped.add(new Execution.NodeRun(node.id(), node.type(), node.name(), Execution.NodeRun.SKIPPED, null, null,
                    null, skipReason, 0));
        }
        results.addAll(skipped);
        Instant finished = now();
        RunStatus finalStatus = status;
        String finalError = error;
        ExecutionStore.Finished last = unwritten;
        int firstSkipped = nodes.size() - skipped.size();
        ShortRun shortRun = run.shortRun();
        if (shortRun != null && endWhole(run, shortRun, last, firstSkipped, skipped, finalStatus, finished, finalError)) {
            return new Execution(run.id(), workflow.id(), run.triggerType(), status, run.startedAt(), finished, results,
                    error, run.triggeredBy(), run.retryOf());
        }
        if (finalStatus != Execution.SUCCESS) {
            // Only an execution that did not succeed can be retried: only then is what a retry needs written.
            persist(run, storeRetryLimit, () -> store.keepForRetry(run.id(), run.triggerData(),
                    fingerprints.of(nodes)));
        }
        // The end waits for the database as long as this server runs: it is what the run's user reads.
        String finishNotStored = persist(run, null,
                () -> store.finish(run.id(), last, firstSkipped, skipped, finalStatus, finished, finalError));
        if (finishNotStored != null) {
            LOG.warn("execution {} ended {} but could not be stored: {}", run.id(), finalStatus, finishNotStored);
        }
        return new Execution(run.id(), workflow.id(), run.triggerType(), status, run.startedAt(), finished, results,
                error, run.triggeredBy(), run.retryOf());
    }

    /**
     * The end of a run whose row is not written yet: the whole run in one group commit. A failure is not
     * waited out (the caller is waiting: it is answered that the run could not be stored, nothing of it is).
     *
     * @return false when the row was written meanwhile (the run was long): the end is written step by step
     */
    private boolean endWhole(RunningExecution run, ShortRun shortRun, ExecutionStore.Finished last, int firstSkipped,
                             List<Execution.NodeRun> skipped, RunStatus status, Instant finished, String error) {
        List<String> hashes = status == Execution.SUCCESS ? null : fingerprints.of(run.workflow().nodes());
        try {
            return shortRun.endWhole(last, firstSkipped, skipped, status, finished, error, hashes);
        } catch (RuntimeException e) {
            if (!DatabaseAvailability.isOutage(e)) {
                LOG.warn("execution {} ended {} but could not be stored: {}", run.id(), status, e.getMessage());
            }
            run.notStored(e);
            return true;
        }
    }

    private Outcome runNode(RunningExecution run, NodeTypes types, WorkflowNode node, Map<String, Object> model) {
        Optional<NodeType> found = types.find(node.type());
        if (found.isEmpty()) {
            return Outcome.failed("node type " + node.type() + " is not loaded on this server", 0);
        }
        NodeType type = found.get();
        Map<String, Object> config;
        try {
            config = templates.render(node.config(), model);
            if (config != node.config()) {
                config = configCheck.checkRendered(type, node.config(), config);
            }
        } catch (ConfigTemplates.TemplateError e) {
            return Outcome.failed(e.getMessage(), 0);
        } catch (NodeConfigException e) {
            return Outcome.failed(configError(e), 0);
        }
        int maxAttempts = node.maxAttempts();
        for (int attempt = 1; ; attempt++) {
            if (run.isCancelled()) {
                return Outcome.cancelled(attempt - 1);
            }
            Attempt result = attempt(run, node, type, config, attempt);
            if (!result.retryable()) {
                return result.outcome();
            }
            if (attempt >= maxAttempts) {
                String error = result.outcome().error();
                return Outcome.failed(maxAttempts > 1 ? error + " (after " + attempt + " attempts)" : error, attempt);
            }
            long wait = backoff.delayMs(node.retry(), attempt);
            if (result.retryAfter() != null) {
                wait = Math.max(wait, result.retryAfter().toMillis());
            }
            try {
                if (!run.pause(wait)) {
                    return Outcome.cancelled(attempt);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Outcome.cancelled(attempt);
            }
        }
    }

    /**
     * One attempt of a node: on the execution's thread, or on {@code nodeThreads} with a deadline when the
     * node has {@code timeout_ms}.
     */
    private Attempt attempt(RunningExecution run, WorkflowNode node, NodeType type, Map<String, Object> config, int attempt) {
        AtomicBoolean timedOut = new AtomicBoolean();
        ServerNodeContext context = new ServerNodeContext(run.workflow().id(), run.id(), node.id(), node.type(),
                run.triggerType(), attempt, config, services, () -> timedOut.get() || run.isCancelled());
        NodeResult result;
        try {
            result = node.timeoutMs() == null ? executeHere(run, type, context)
                    : executeWithDeadline(run, node, type, context, timedOut);
        } catch (NotStarted e) {
            return new Attempt(Outcome.cancelled(attempt - 1), false, null);
        } catch (TimeoutException e) {
            return new Attempt(Outcome.failed("timed out after " + node.timeoutMs() + " ms", attempt), false, null);
        } catch (CancellationException | InterruptedException e) {
            return new Attempt(Outcome.cancelled(attempt), false, null);
        } catch (RejectedExecutionException e) {
            return new Attempt(Outcome.failed(SERVER_STOPPED, attempt), false, null);
        } catch (NodeFailure e) {
            if (run.isCancelled()) {
                return new Attempt(Outcome.cancelled(attempt), false, null);
            }
            return failure(run, node, e.getCause(), context, attempt);
        }
        try {
            return new Attempt(Outcome.success(output(result, context), attempt,
                    result == null ? null : result.endsRun().orElse(null)), false, null);
        } catch (IllegalArgumentException e) {
            return new Attempt(Outcome.failed("output is not JSON: " + e.getMessage(), attempt), false, null);
        }
    }

    /** Runs the node on the calling thread, which a cancel interrupts. */
    private static NodeResult executeHere(RunningExecution run, NodeType type, ServerNodeContext context)
            throws NotStarted, NodeFailure {
        if (!run.runningHere()) {
            throw new NotStarted();
        }
        try {
            return type.node().execute(context);
        } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
            throw new NodeFailure(e);
        } finally {
            run.doneHere();
        }
    }

    /** Runs the node on {@code nodeThreads} and gives up on it (interrupting it) at its deadline. */
    private NodeResult executeWithDeadline(RunningExecution run, WorkflowNode node, NodeType type,
                                           ServerNodeContext context, AtomicBoolean timedOut)
            throws NodeFailure, TimeoutException, InterruptedException {
        Future<NodeResult> future = nodeThreads.submit(RunContext.carry(() -> type.node().execute(context)));
        run.running(future);
        try {
            return future.get(node.timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            timedOut.set(true);
            future.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            throw new NodeFailure(e.getCause());
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        } finally {
            run.running(null);
        }
    }

    /** The execution was cancelled before the node could start. */
    private static final class NotStarted extends Exception {
        NotStarted() {
            super(null, null, false, false);
        }
    }

    /** What the node itself threw (its cause). */
    private static final class NodeFailure extends Exception {
        NodeFailure(Throwable cause) {
            super(null, cause, false, false);
        }
    }

    private Attempt failure(RunningExecution run, WorkflowNode node, Throwable cause, ServerNodeContext context, int attempt) {
        if (cause instanceof RetryableNodeException retryable) {
            return new Attempt(Outcome.failed(mask(message(cause), context), attempt), true,
                    retryable.retryAfter().orElse(null));
        }
        if (cause instanceof NodeConfigException config) {
            return new Attempt(Outcome.failed(mask(configError(config), context), attempt), false, null);
        }
        if (cause instanceof RuntimeException || cause instanceof Error) {
            // Not a failure the node reported but a bug in it: keep the stack for its author.
            LOG.warn("node {} ({}) of execution {} threw", node.id(), node.type(), run.id(), cause);
        }
        return new Attempt(Outcome.failed(mask(message(cause), context), attempt), false, null);
    }

    /** The node's output as plain JSON data (what is stored is what later nodes see), secrets masked. */
    private Map<String, Object> output(NodeResult result, ServerNodeContext context) {
        Map<String, Object> raw = result == null ? Map.of() : result.output();
        Map<String, Object> plain;
        try {
            plain = json.readValue(json.writeValueAsBytes(raw), OBJECT);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (containsNul(plain)) {
            throw new IllegalArgumentException("it contains the NUL character, which cannot be stored");
        }
        List<String> secrets = context.secrets();
        return secrets.isEmpty() ? plain : Masking.mask(plain, secrets);
    }

    private static boolean containsNul(Object value) {
        if (value instanceof String text) {
            return text.indexOf('\0') >= 0;
        }
        if (value instanceof Map<?, ?> map) {
            return map.entrySet().stream().anyMatch(e -> containsNul(e.getKey()) || containsNul(e.getValue()));
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(WorkflowRunner::containsNul);
        }
        return false;
    }

    private static String mask(String text, ServerNodeContext context) {
        return Masking.mask(context.hideExportRoot(text), context.secrets());
    }

    private Map<String, Object> model(RunningExecution run) {
        Map<String, Object> execution = new HashMap<>();
        execution.put("id", run.id());
        execution.put("trigger_type", run.triggerType());
        execution.put("started_at", run.startedAt().toString());
        if (run.triggeredBy() != null) {
            execution.put("triggered_by", run.triggeredBy());
        }
        Map<String, Object> workflow = new HashMap<>();
        workflow.put("id", run.workflow().id());
        workflow.put("name", run.workflow().name());
        Map<String, Object> model = new HashMap<>();
        model.put("execution", execution);
        model.put("workflow", workflow);
        model.put("trigger", run.triggerData());
        model.put("nodes", new LinkedHashMap<String, Object>());
        return model;
    }

    /** What templates see of a finished node: {@code {{nodes.<id>.body.x}}}, {@code {{prev.status}}}... */
    private static Map<String, Object> entry(WorkflowNode node, RunStatus status, Object output, String error) {
        Map<String, Object> entry = new HashMap<>();
        entry.put("id", node.id());
        entry.put("type", node.type());
        entry.put("status", status.wire()); // templates see the text
        entry.put("body", output == null ? Map.of() : output);
        if (error != null) {
            entry.put("error", error);
        }
        return entry;
    }

    private static String configError(NodeConfigException e) {
        String field = e.field() == null || e.field().isEmpty() ? "config" : "config." + e.field();
        return field + ": " + e.getMessage();
    }

    private static String message(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    /**
     * Writes a step. A database outage is waited out (tried again with backoff for up to {@code limit}, or
     * until the server stops when null; quietly: the pool's watch logs the outage once); any other failure
     * is logged and the run goes on (if the row stays running, the stale-heartbeat check closes it).
     *
     * @return null when stored (or refused for another reason), else why the run cannot go on
     */
    private String persist(RunningExecution run, Duration limit, Runnable write) {
        long start = System.nanoTime();
        long deadline = limit == null ? Long.MAX_VALUE : start + limit.toNanos();
        long backoffMs = 50;
        while (true) {
            try {
                write.run();
                return null;
            } catch (RuntimeException e) {
                if (!DatabaseAvailability.isOutage(e)) {
                    LOG.warn("execution {}: could not store a step: {}", run.id(), e.getMessage());
                    return null;
                }
                long left = limit == null ? Long.MAX_VALUE : deadline - System.nanoTime();
                if (left <= 0 || run.stoppedByServer()) {
                    return "the database was unavailable for " + Duration.ofNanos(System.nanoTime() - start).toSeconds()
                            + " s: " + DatabaseAvailability.rootMessage(e);
                }
                try {
                    Thread.sleep(Math.min(backoffMs, Math.max(1, left / 1_000_000)));
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return "the server stopped while the database was unavailable";
                }
                backoffMs = Math.min(backoffMs * 2, 1_000);
            }
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
