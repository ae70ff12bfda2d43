package com.lenz.central.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.core.TriggerNode;
import com.lenz.central.workflow.core.Workflow;
import com.lenz.central.workflow.core.WorkflowNode;
import com.lenz.central.workflow.core.WorkflowValidator;
import com.lenz.central.workflow.db.ExecutionStore;
import com.lenz.central.workflow.db.WorkflowStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The engine without HTTP: retries, timeouts, cancels and continue-on-fail of one execution, with the node
 * types of the test plugins, on a real database.
 */
class WorkflowRunnerTest {

    private static EngineFixture engine;
    private static ExecutionService executions;
    private static ExecutionStore executionStore;
    private static WorkflowStore workflowStore;

    @BeforeAll
    static void start() throws Exception {
        engine = new EngineFixture("runner", null);
        executions = engine.executions;
        workflowStore = engine.workflowStore;
        executionStore = engine.executionStore;
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    @Test
    void aRetryableFailureIsTriedAgainUntilTheNodeSucceeds() throws Exception {
        Execution done = run(node("flaky", Map.of("succeed_on_attempt", 3), new WorkflowNode.RetryPolicy(3, 10), null, null));

        assertThat(done.status()).isEqualTo(Execution.SUCCESS);
        Execution.NodeRun flaky = done.nodeResults().get(0);
        assertThat(flaky.attempts()).isEqualTo(3);
        assertThat(flaky.output()).isEqualTo(Map.of("attempt", 3));
        assertThat(stored(done).nodeResults().get(0).attempts()).isEqualTo(3);
    }

    @Test
    void retriesEndAfterMaxAttemptsAndTheRestIsSkipped() throws Exception {
        Execution done = run(node("flaky", Map.of("succeed_on_attempt", 5), new WorkflowNode.RetryPolicy(2, 10), null, null),
                node("sleep", Map.of("ms", 0), null, null, null));

        assertThat(done.status()).isEqualTo(Execution.FAILED);
        assertThat(done.nodeResults().get(0).status()).isEqualTo(Execution.FAILED);
        assertThat(done.nodeResults().get(0).error()).isEqualTo("flaky failure on attempt 2 (after 2 attempts)");
        assertThat(done.nodeResults().get(1).status()).isEqualTo(Execution.NodeRun.SKIPPED);
        assertThat(done.nodeResults().get(1).error()).isEqualTo("skipped because node n0 failed");
        assertThat(stored(done).status()).isEqualTo(Execution.FAILED);
    }

    @Test
    void aNodeIgnoringItsInterruptIsLeftAtItsTimeout() throws Exception {
        long start = System.nanoTime();
        Execution done = run(node("sleep", Map.of("ms", 3000, "ignore_cancel", true), null, 100L, null));

        assertThat(done.status()).isEqualTo(Execution.FAILED);
        assertThat(done.nodeResults().get(0).error()).isEqualTo("timed out after 100 ms");
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(2900);
    }

    @Test
    void aFailedNodeWithContinueOnFailLetsTheRunGoOn() throws Exception {
        Execution done = run(node("fail", Map.of("message", "boom"), null, null, true),
                node("sleep", Map.of("ms", 0), null, 5_000L, null));

        assertThat(done.status()).isEqualTo(Execution.SUCCESS);
        assertThat(done.nodeResults().get(0).status()).isEqualTo(Execution.FAILED);
        assertThat(done.nodeResults().get(0).error()).isEqualTo("boom");
        assertThat(done.nodeResults().get(1).status()).isEqualTo(Execution.SUCCESS);
    }

    @Test
    void aCancelStopsTheNodeOnTheExecutionThreadAndSkipsTheRest() throws Exception {
        assertCancelled(null);
    }

    @Test
    void aCancelStopsANodeRunningWithATimeout() throws Exception {
        assertCancelled(60_000L);
    }

    private static void assertCancelled(Long timeoutMs) throws Exception {
        ExecutionService.Started started = start(node("sleep", Map.of("ms", 60_000), null, timeoutMs, null),
                node("sleep", Map.of("ms", 0), null, null, null));
        String id = started.execution().id();
        waitUntilNodeRuns(started);
        executions.cancel(started.execution().workflowId(), id, "cancelled by the test");

        Execution done = started.finished().get(20, TimeUnit.SECONDS);
        assertThat(done.status()).isEqualTo(Execution.CANCELLED);
        assertThat(done.error()).isEqualTo("cancelled by the test");
        assertThat(done.nodeResults().get(0).status()).isEqualTo(Execution.CANCELLED);
        assertThat(done.nodeResults().get(1).status()).isEqualTo(Execution.NodeRun.SKIPPED);
        assertThat(done.nodeResults().get(1).error()).isEqualTo("execution cancelled");
        assertThat(stored(done).status()).isEqualTo(Execution.CANCELLED);
    }

    /** Polls the store until the first node is running (the cancel must reach a running node). */
    private static void waitUntilNodeRuns(ExecutionService.Started started) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Execution now = stored(started.execution());
            if (!now.nodeResults().isEmpty() && Execution.RUNNING.equals(now.nodeResults().get(0).status())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the first node never started");
    }

    private static WorkflowNode node(String type, Map<String, Object> config, WorkflowNode.RetryPolicy retry,
                                     Long timeoutMs, Boolean continueOnFail) {
        return new WorkflowNode(null, type, type, config, retry, timeoutMs, continueOnFail);
    }

    private static Execution run(WorkflowNode... nodes) throws Exception {
        return start(nodes).finished().get(30, TimeUnit.SECONDS);
    }

    private static ExecutionService.Started start(WorkflowNode... nodes) {
        List<WorkflowNode> numbered = new java.util.ArrayList<>();
        for (int i = 0; i < nodes.length; i++) {
            WorkflowNode n = nodes[i];
            numbered.add(new WorkflowNode("n" + i, n.type(), n.name(), n.config(), n.retry(), n.timeoutMs(),
                    n.continueOnFail()));
        }
        Workflow workflow = workflowStore.create(new WorkflowValidator.Draft("runner test", "", true,
                new TriggerNode(TriggerNode.MANUAL, Map.of()), numbered), Instant.now());
        return executions.start(workflow, TriggerNode.MANUAL, "test", Map.of());
    }

    private static Execution stored(Execution execution) {
        return executionStore.find(execution.workflowId(), execution.id()).orElseThrow();
    }
}
