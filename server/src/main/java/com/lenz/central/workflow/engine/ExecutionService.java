package com.lenz.central.workflow.engine;

import com.lenz.central.workflow.WorkflowsConfig;
import com.lenz.central.core.DomainException;
import com.lenz.central.logging.RunContext;
import io.dropwizard.lifecycle.Managed;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.lenz.central.workflow.core.Workflow;
import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.core.ExecutionCount;
import com.lenz.central.workflow.core.ExecutionFilter;
import com.lenz.central.workflow.db.ExecutionStartStore;
import com.lenz.central.workflow.db.ExecutionInserts;
import com.lenz.central.workflow.db.ExecutionStore;
import com.lenz.central.db.DatabaseAvailability;
import java.util.concurrent.ScheduledThreadPoolExecutor;

/**
 * Starts executions on a bounded pool and keeps the running ones: the one entry point of every trigger
 * (manual execute, schedule, webhook, event). At most {@code maxConcurrentExecutions} run at once and
 * {@code maxQueuedExecutions} wait; past that a start is refused with 503 rather than queued without end.
 */
public class ExecutionService implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutionService.class);
    private static final long STOP_WAIT_SECONDS = 10;

    private final ExecutionStore store;
    private final ExecutionStartStore guardedStarts;
    private final WorkflowRunner runner;
    private final Clock clock;
    private final int maxConcurrent;
    private final int maxQueued;
    private final ThreadPoolExecutor pool;
    /** Watches the end of executions cancelled here but run by another server. */
    private final ScheduledExecutorService watcher = Executors.newSingleThreadScheduledExecutor(
            WorkflowRunner.daemonThreads("execution-watch-"));
    private final Semaphore admission;
    private final Map<String, RunningExecution> running = new ConcurrentHashMap<>();
    private final String serverId;
    private volatile boolean stopping;
    private volatile ExecutionObserver observer = ExecutionObserver.NONE;
    /** Runs started by {@link #startAwaited} are written at their end when they end within this; null: off. */
    private volatile Duration shortRunWindow;
    private ExecutionInserts inserts;
    private ExecutionWriter writer;
    /** Writes the runs still going at the end of the short-run window, as they stand. */
    private final ScheduledThreadPoolExecutor longRuns = new ScheduledThreadPoolExecutor(1,
            WorkflowRunner.daemonThreads("execution-long-run-"));

    /** @param serverId this server's identity, recorded as the owner of the executions it starts */
    public ExecutionService(ExecutionStore store, WorkflowRunner runner, WorkflowsConfig config, String serverId,
                            Clock clock) {
        this.store = store;
        this.guardedStarts = store.guardedStarts();
        this.serverId = serverId;
        this.runner = runner;
        runner.retryStoreFor(config.getStaleAfter());
        this.clock = clock;
        this.maxConcurrent = config.getMaxConcurrentExecutions();
        this.maxQueued = config.getMaxQueuedExecutions();
        this.admission = new Semaphore(maxConcurrent + maxQueued);
        this.pool = new ThreadPoolExecutor(maxConcurrent, maxConcurrent, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), WorkflowRunner.daemonThreads("workflow-execution-"));
        longRuns.setRemoveOnCancelPolicy(true);
    }

    /**
     * Runs started by {@link #startAwaited} that end within {@code window} are written once, at their end,
     * through {@code writer} (group commit); a zero window turns this off (every run is written as it goes).
     */
    public void writeShortRuns(ExecutionInserts inserts, ExecutionWriter writer, Duration window) {
        this.inserts = inserts;
        this.writer = writer;
        this.shortRunWindow = window.isZero() || window.isNegative() ? null : window;
    }

    /**
     * A started execution: as it was when it started (running, no node yet), and its end.
     *
     * @param execution the execution when it started
     * @param finished  completes with the finished execution (never exceptionally)
     */
    public record Started(Execution execution, CompletableFuture<Execution> finished) {
    }

    /**
     * Records a new execution of {@code workflow} and queues it on the pool.
     *
     * @param triggerType  {@code manual}, {@code schedule}, {@code webhook} or {@code event}
     * @param triggeredBy  who or what started it: a user id, {@code scheduler}, {@code webhook}, {@code event}
     * @param triggerData  what templates read as {@code {{trigger.x}}} (JSON-like values)
     * @throws DomainException UNAVAILABLE when the pool and its queue are full or the server is stopping; NOT_FOUND when the
     *                      workflow was deleted meanwhile; THROTTLED when the workflow runs its {@code max_concurrent} already
     */
    public Started start(Workflow workflow, String triggerType, String triggeredBy, Map<String, Object> triggerData) {
        return start(workflow, triggerType, triggeredBy, triggerData, null, List.of());
    }

    /**
     * As {@link #start(Workflow, String, String, Map)}, for a retry of execution {@code retryOf} that takes over
     * its first node results {@code reused} (null and empty: not a retry).
     */
    public Started start(Workflow workflow, String triggerType, String triggeredBy, Map<String, Object> triggerData,
                         String retryOf, List<Execution.NodeRun> reused) {
        return start(workflow, triggerType, triggeredBy, triggerData, retryOf, reused, false);
    }

    /**
     * As {@link #start(Workflow, String, String, Map)}, for a caller that waits for the end and learns the
     * execution's id only then (a webhook answering with its last node): a run that ends within the short-run
     * window ({@code WORKFLOW_SHORT_RUN_WINDOW}) is written once, whole, at its end, committed together with
     * other runs ending at the same time, before {@link Started#finished()} completes; one still running then
     * is written as running and goes on as any other. A workflow with {@code max_concurrent} takes the
     * guarded start. {@link Started#finished()} completes exceptionally (the database's failure) when the
     * run could not be stored.
     */
    public Started startAwaited(Workflow workflow, String triggerType, String triggeredBy,
                                Map<String, Object> triggerData) {
        boolean shortRun = shortRunWindow != null && workflow.maxConcurrent() == null;
        return start(workflow, triggerType, triggeredBy, triggerData, null, List.of(), shortRun);
    }

    private Started start(Workflow workflow, String triggerType, String triggeredBy, Map<String, Object> triggerData,
                          String retryOf, List<Execution.NodeRun> reused, boolean shortRun) {
        if (stopping) {
            throw DomainException.unavailable("server is stopping", "this server is stopping and starts no new execution");
        }
        if (!admission.tryAcquire()) {
            throw DomainException.unavailable("too many executions", maxConcurrent + " executions are running and "
                    + maxQueued + " are waiting; try again later");
        }
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        RunningExecution run = new RunningExecution(id, workflow, triggerType, triggeredBy,
                triggerData == null ? Map.of() : triggerData, now, retryOf, reused);
        running.put(id, run);
        try {
            if (shortRun) {
                run.shortRun(new ShortRun(store, inserts, writer, serverId, run));
            } else {
                insert(run);
            }
            pool.execute(() -> runToEnd(run));
            if (shortRun) {
                run.shortRun().watch(longRuns.schedule(() -> writeLongRun(run), shortRunWindow.toMillis(),
                        TimeUnit.MILLISECONDS));
            }
        } catch (RuntimeException e) {
            running.remove(id);
            admission.release();
            if (e instanceof RejectedExecutionException) {
                store.failRunning(List.of(id), WorkflowRunner.SERVER_STOPPED);
                throw DomainException.unavailable("server is stopping", "this server is stopping and starts no new execution");
            }
            throw e;
        }
        return new Started(run.initial(), run.finished());
    }

    /**
     * Records the execution as running: one statement for a workflow without a limit, else (or when the limit
     * was set since the workflow was read, or for a retry) the guarded transaction that counts running ones.
     */
    private void insert(RunningExecution run) {
        Workflow workflow = run.workflow();
        if (workflow.maxConcurrent() == null && run.retryOf() == null && store.insertRunning(run.id(), workflow.id(),
                run.triggerType(), run.triggeredBy(), run.startedAt(), serverId)) {
            return;
        }
        ExecutionStartStore.RetryOf retry = run.retryOf() == null ? null
                : new ExecutionStartStore.RetryOf(run.retryOf(), run.reused().size());
        ExecutionStartStore.Admission admission = guardedStarts.insertGuarded(run.id(), workflow.id(), run.triggerType(),
                run.triggeredBy(), run.startedAt(), serverId, retry);
        if (admission instanceof ExecutionStartStore.NoWorkflow) {
            throw DomainException.notFound("no workflow with id " + workflow.id());
        }
        if (admission instanceof ExecutionStartStore.Busy busy) {
            throw DomainException.throttled("workflow is busy", "workflow " + workflow.id() + " already runs "
                    + busy.limit() + " executions, its max_concurrent; try again later", 1);
        }
    }

    /** One start of {@link #startAll}: a workflow and what its templates read as {@code {{trigger.x}}}. */
    public record StartRequest(Workflow workflow, Map<String, Object> triggerData) {
    }

    /** What became of one {@link StartRequest}: started, or refused (as {@link #start} would throw). */
    public record StartResult(Started started, DomainException refused) {
    }

    /**
     * Starts many executions of one trigger together, their rows written in one statement rather than one
     * each: a burst of schedules due the same second otherwise started one insert (and commit) at a time.
     * Refusals are per request, as {@link #start} gives them; a failure of the statement itself (the database
     * away) is thrown. A workflow with a per-workflow limit
     * ({@code max_concurrent}, also one set since it was read) takes the guarded start of {@link #start}.
     *
     * @return one result per request, in order
     */
    public List<StartResult> startAll(List<StartRequest> requests, String triggerType, String triggeredBy) {
        java.util.ArrayList<StartResult> results = new java.util.ArrayList<>(requests.size());
        java.util.ArrayList<RunningExecution> admitted = new java.util.ArrayList<>(requests.size());
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        for (StartRequest request : requests) {
            if (stopping) {
                results.add(new StartResult(null, DomainException.unavailable("server is stopping",
                        "this server is stopping and starts no new execution")));
            } else if (!admission.tryAcquire()) {
                results.add(new StartResult(null, DomainException.unavailable("too many executions", maxConcurrent
                        + " executions are running and " + maxQueued + " are waiting; try again later")));
            } else {
                RunningExecution run = new RunningExecution(UUID.randomUUID().toString(), request.workflow(), triggerType,
                        triggeredBy, request.triggerData() == null ? Map.of() : request.triggerData(), now);
                admitted.add(run);
                results.add(null);
            }
        }
        if (admitted.isEmpty()) {
            return results;
        }
        admitted.forEach(run -> running.put(run.id(), run));
        Set<String> inserted;
        try {
            inserted = store.insertRunningAll(admitted.stream().map(RunningExecution::id).toList(),
                    admitted.stream().map(r -> r.workflow().id()).toList(), triggerType, triggeredBy, now, serverId);
        } catch (RuntimeException e) {
            admitted.forEach(run -> running.remove(run.id()));
            admission.release(admitted.size());
            throw e;
        }
        int next = 0;
        for (RunningExecution run : admitted) {
            while (results.get(next) != null) {
                next++;
            }
            StartResult result;
            try {
                if (!inserted.contains(run.id())) {
                    insert(run); // a workflow with a limit (or one gone): the guarded start admits or says why not
                }
                pool.execute(() -> runToEnd(run));
                result = new StartResult(new Started(run.initial(), run.finished()), null);
            } catch (DomainException refused) {
                running.remove(run.id());
                admission.release();
                result = new StartResult(null, refused);
            } catch (RejectedExecutionException e) {
                running.remove(run.id());
                admission.release();
                store.failRunning(List.of(run.id()), WorkflowRunner.SERVER_STOPPED);
                result = new StartResult(null, DomainException.unavailable("server is stopping",
                        "this server is stopping and starts no new execution"));
            }
            results.set(next++, result);
        }
        return results;
    }

    /**
     * A run started without its row that is still going at the end of the short-run window: written as it
     * stands, so that it is listed, cancellable and watched by the heartbeat. While the database is away it
     * is tried again every second.
     */
    private void writeLongRun(RunningExecution run) {
        ShortRun shortRun = run.shortRun();
        if (!running.containsKey(run.id()) || !shortRun.unwritten()) {
            return;
        }
        try {
            shortRun.writeSoFar();
        } catch (RuntimeException e) {
            if (!DatabaseAvailability.isOutage(e)) {
                LOG.warn("execution {}: could not write it as running: {}", run.id(), e.getMessage());
                return;
            }
            if (!stopping) {
                shortRun.watch(longRuns.schedule(() -> writeLongRun(run), 1, TimeUnit.SECONDS));
            }
        }
    }

    /**
     * Makes a run started by {@link #startAwaited} visible now (its caller stops waiting and gives out its id).
     *
     * @return false when its end is being written instead (wait for {@link Started#finished()})
     * @throws RuntimeException when the database refused the write
     */
    public boolean writeNow(String executionId) {
        RunningExecution run = running.get(executionId);
        ShortRun shortRun = run == null ? null : run.shortRun();
        return shortRun == null || shortRun.writeSoFar();
    }

    private void runToEnd(RunningExecution run) {
        Execution result;
        // Every line logged during the run, its failure included, carries the execution's ids.
        RunContext.Scope mdc = RunContext.execution(run.workflow().id(), run.id(), run.requestId());
        try {
            result = runner.run(run);
        } catch (RuntimeException | Error e) {
            LOG.error("execution {} of workflow {} broke", run.id(), run.workflow().id(), e);
            String error = "internal error: " + e.getClass().getSimpleName();
            ShortRun shortRun = run.shortRun();
            try {
                if (shortRun == null || !shortRun.endWhole(null, 0, List.of(), Execution.FAILED,
                        clock.instant().truncatedTo(ChronoUnit.MILLIS), error, null)) {
                    store.failRunning(List.of(run.id()), error);
                }
            } catch (RuntimeException notStored) {
                run.notStored(notStored);
            }
            result = new Execution(run.id(), run.workflow().id(), run.triggerType(), Execution.FAILED, run.startedAt(),
                    clock.instant(), List.of(), error, run.triggeredBy(), run.retryOf());
        } finally {
            if (run.shortRun() != null) {
                run.shortRun().unwatch();
            }
            running.remove(run.id());
            admission.release();
            synchronized (running) {
                running.notifyAll();
            }
            mdc.close();
        }
        observer.executionEnded(result);
        RuntimeException notStored = run.notStored();
        if (notStored != null && DatabaseAvailability.isOutage(notStored)) {
            run.finished().completeExceptionally(notStored);
        } else {
            run.finished().complete(result);
        }
    }

    /** Told of every node's and execution's end (metrics); set once at start. */
    public void observe(ExecutionObserver observer) {
        this.observer = observer;
        runner.observe(observer);
    }

    /** Executions running now on this server (a gauge). */
    public int runningCount() {
        return pool.getActiveCount();
    }

    /** Executions waiting for a worker on this server (a gauge). */
    public int queuedCount() {
        return pool.getQueue().size();
    }

    /** An execution of a workflow, as stored. */
    public Execution find(String workflowId, String executionId) {
        return store.find(workflowId, executionId).orElseThrow(() -> DomainException.notFound("workflow " + workflowId
                + " has no execution with id " + executionId));
    }

    /** A page of the executions {@code filter} matches, newest first. */
    public List<Execution> list(ExecutionFilter filter, long offset, int limit) {
        return store.list(filter, offset, limit);
    }

    public ExecutionCount count(ExecutionFilter filter) {
        return store.count(filter);
    }

    /**
     * Cancels a running execution: at once when this server runs it, else by a request in the database that
     * the server running it reads at its next heartbeat.
     *
     * @return its end; cancel this future to stop waiting (the execution is not affected)
     * @throws DomainException CONFLICT when it already ended, NOT_FOUND when there is no such execution
     */
    public CompletableFuture<Execution> cancel(String workflowId, String executionId, String reason) {
        Execution execution = find(workflowId, executionId);
        if (!execution.isRunning()) {
            throw DomainException.conflict("execution is not running", "execution " + executionId + " already ended as "
                    + execution.status());
        }
        RunningExecution run = running.get(executionId);
        if (run != null) {
            run.cancel(reason, false);
            return run.finished().copy();
        }
        store.requestCancel(executionId, reason);
        return endElsewhere(workflowId, executionId);
    }

    /** Cancels an execution if this server runs it (asked through another server, seen at a heartbeat). */
    void cancelHere(String executionId, String reason) {
        RunningExecution run = running.get(executionId);
        if (run != null) {
            run.cancel(reason, false);
        }
    }

    /** The end of an execution another server runs, seen in the store (checked every 200 ms until cancelled). */
    private CompletableFuture<Execution> endElsewhere(String workflowId, String executionId) {
        CompletableFuture<Execution> end = new CompletableFuture<>();
        ScheduledFuture<?> check = watcher.scheduleWithFixedDelay(() -> {
            try {
                store.find(workflowId, executionId).filter(e -> !e.isRunning()).ifPresent(end::complete);
            } catch (RuntimeException e) {
                LOG.debug("execution {}: could not read its state: {}", executionId, e.getMessage());
            }
        }, 200, 200, TimeUnit.MILLISECONDS);
        end.whenComplete((done, failure) -> check.cancel(false));
        return end;
    }

    /** Cancels every execution of a workflow this server runs (the workflow is being deleted). */
    public void cancelWorkflow(String workflowId, String reason) {
        running.values().stream().filter(r -> r.workflow().id().equals(workflowId)).forEach(r -> r.cancel(reason, false));
    }

    /**
     * The first step of a shutdown, while the server still answers requests: no new execution starts (503),
     * the ones running (and queued) may finish within {@code grace}; those still running then end as failed
     * with "the server stopped during this execution", written before the database goes away.
     */
    public void drain(Duration grace) throws InterruptedException {
        stopping = true;
        if (running.isEmpty()) {
            return;
        }
        LOG.info("stopping: waiting up to {} s for {} running executions to finish", grace.toSeconds(), running.size());
        if (awaitIdle(grace)) {
            LOG.info("stopping: every execution finished");
            return;
        }
        LOG.info("stopping: {} executions still running after {} s; ending them as failed", running.size(),
                grace.toSeconds());
        running.values().forEach(r -> r.cancel(WorkflowRunner.SERVER_STOPPED, true));
        if (!awaitIdle(Duration.ofSeconds(STOP_WAIT_SECONDS))) {
            closeLeftovers();
        }
    }

    /** Waits until nothing runs; false when {@code limit} passed first. */
    private boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        synchronized (running) {
            long left;
            while (!running.isEmpty() && (left = deadline - System.nanoTime()) > 0) {
                running.wait(Math.max(1, Math.min(100, left / 1_000_000)));
            }
        }
        return running.isEmpty();
    }

    private void closeLeftovers() {
        if (running.isEmpty()) {
            return;
        }
        LOG.warn("{} executions did not stop in {} s; closing them as failed", running.size(), STOP_WAIT_SECONDS);
        try {
            store.failRunning(running.keySet(), WorkflowRunner.SERVER_STOPPED);
        } catch (RuntimeException e) {
            LOG.warn("could not close the executions left running: {}", e.getMessage());
        }
    }

    /** True from the first moment of a shutdown: no execution starts any more. */
    public boolean isStopping() {
        return stopping;
    }

    /** Ids of the executions this server runs or has queued. */
    public Set<String> runningIds() {
        return Set.copyOf(running.keySet());
    }

    @Override
    public void start() {
        stopping = false;
    }

    /**
     * After {@link #drain}, normally nothing is left. Otherwise (no drain ran, e.g. a start that failed half
     * way) stops the running executions (they read failed: the server stopped) and waits a little for them
     * to write their end; what is still running then is closed in the database directly.
     */
    @Override
    public void stop() throws InterruptedException {
        stopping = true;
        running.values().forEach(r -> r.cancel(WorkflowRunner.SERVER_STOPPED, true));
        pool.shutdown();
        watcher.shutdownNow();
        longRuns.shutdownNow();
        if (!pool.awaitTermination(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            pool.shutdownNow();
        }
        closeLeftovers();
        runner.shutdown();
    }
}
