package com.lenz.central.workflow.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import com.lenz.central.workflow.core.Workflow;
import com.lenz.central.workflow.core.Execution;
import com.lenz.central.logging.RunContext;

/**
 * An execution while this server runs it: what it runs, and how it is cancelled. Cancelling sets a flag
 * that nodes see through {@code NodeContext.isCancelled()}, interrupts the node running now and wakes a
 * wait between retries.
 */
final class RunningExecution {

    private final String id;
    private final Workflow workflow;
    private final String triggerType;
    private final String triggeredBy;
    private final Map<String, Object> triggerData;
    private final Instant startedAt;
    /** The API request that started it (its {@code X-Request-Id}), carried into its log lines; null for schedules and events. */
    private final String requestId;
    private final String retryOf;
    private final List<Execution.NodeRun> reused;
    private final CompletableFuture<Execution> finished = new CompletableFuture<>();
    private String cancelReason;
    private boolean stoppedByServer;
    private Future<?> current;
    private Thread inline;
    /** Set when the run started without its row (written at its end when short); null otherwise. */
    private volatile ShortRun shortRun;
    /** Why the end of a run written whole could not be stored; null when it was (or is written step by step). */
    private volatile RuntimeException notStored;

    RunningExecution(String id, Workflow workflow, String triggerType, String triggeredBy,
                     Map<String, Object> triggerData, Instant startedAt) {
        this(id, workflow, triggerType, triggeredBy, triggerData, startedAt, null, List.of());
    }

    /**
     * @param retryOf the execution this one retries, or null
     * @param reused  the results taken over from it (the first nodes of the workflow, in order), not run again
     */
    RunningExecution(String id, Workflow workflow, String triggerType, String triggeredBy,
                     Map<String, Object> triggerData, Instant startedAt, String retryOf, List<Execution.NodeRun> reused) {
        this.retryOf = retryOf;
        this.reused = List.copyOf(reused);
        this.id = id;
        this.workflow = workflow;
        this.triggerType = triggerType;
        this.triggeredBy = triggeredBy;
        this.triggerData = triggerData;
        this.startedAt = startedAt;
        this.requestId = RunContext.requestId(); // built on the thread that starts it
    }

    String requestId() {
        return requestId;
    }

    String id() {
        return id;
    }

    Workflow workflow() {
        return workflow;
    }

    String triggerType() {
        return triggerType;
    }

    String triggeredBy() {
        return triggeredBy;
    }

    Map<String, Object> triggerData() {
        return triggerData;
    }

    Instant startedAt() {
        return startedAt;
    }

    String retryOf() {
        return retryOf;
    }

    List<Execution.NodeRun> reused() {
        return reused;
    }

    CompletableFuture<Execution> finished() {
        return finished;
    }

    ShortRun shortRun() {
        return shortRun;
    }

    void shortRun(ShortRun shortRun) {
        this.shortRun = shortRun;
    }

    RuntimeException notStored() {
        return notStored;
    }

    void notStored(RuntimeException why) {
        this.notStored = why;
    }

    /** The execution as it is when it starts: running, no node yet (but those a retry reuses). */
    Execution initial() {
        return new Execution(id, workflow.id(), triggerType, Execution.RUNNING, startedAt, null, reused, null, triggeredBy,
                retryOf);
    }

    /**
     * Stops the execution: the running node is interrupted, the rest skipped. The first reason given wins.
     *
     * @param byServer true when the server is stopping (the execution then reads failed, not cancelled)
     */
    synchronized void cancel(String reason, boolean byServer) {
        if (cancelReason == null) {
            cancelReason = reason;
            stoppedByServer = byServer;
        }
        if (current != null) {
            current.cancel(true);
        }
        if (inline != null) {
            inline.interrupt();
        }
        notifyAll();
    }

    synchronized boolean isCancelled() {
        return cancelReason != null;
    }

    synchronized String cancelReason() {
        return cancelReason;
    }

    synchronized boolean stoppedByServer() {
        return stoppedByServer;
    }

    /** The attempt running now (null between attempts); cancelled at once if the execution already is. */
    synchronized void running(Future<?> attempt) {
        current = attempt;
        if (attempt != null && cancelReason != null) {
            attempt.cancel(true);
        }
    }

    /**
     * A node is about to run on the calling thread, which a cancel will then interrupt.
     *
     * @return false when the execution is already cancelled (the node must not run)
     */
    synchronized boolean runningHere() {
        if (cancelReason != null) {
            return false;
        }
        inline = Thread.currentThread();
        return true;
    }

    /** The node on the calling thread returned: no interrupt may reach the thread from now on. */
    void doneHere() {
        synchronized (this) {
            inline = null;
        }
        // An interrupt that raced with the node's end must not break the next database call.
        Thread.interrupted();
    }

    /** Waits between two attempts; false when cancelled meanwhile. */
    synchronized boolean pause(long millis) throws InterruptedException {
        long end = System.nanoTime() + millis * 1_000_000;
        long left;
        while (cancelReason == null && (left = end - System.nanoTime()) > 0) {
            wait(Math.max(1, left / 1_000_000));
        }
        return cancelReason == null;
    }
}
