package com.lenz.central.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.core.TriggerNode;
import com.lenz.central.workflow.core.Workflow;
import com.lenz.central.workflow.core.WorkflowNode;
import com.lenz.central.workflow.core.WorkflowValidator;
import com.lenz.central.workflow.db.WorkflowStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The waits between attempts of a node: the sequence {@link Backoff} gives (jitter fixed by the test, no clock
 * involved), and that the runner asks for exactly that sequence, one wait per failed attempt.
 */
class BackoffTest {


    private static WorkflowNode.RetryPolicy exponential(long backoffMs, long maxBackoffMs) {
        return new WorkflowNode.RetryPolicy(10, backoffMs, WorkflowNode.RetryPolicy.EXPONENTIAL, maxBackoffMs);
    }

    private static List<Long> sequence(Backoff backoff, WorkflowNode.RetryPolicy policy, int waits) {
        List<Long> out = new ArrayList<>();
        for (int failed = 1; failed <= waits; failed++) {
            out.add(backoff.delayMs(policy, failed));
        }
        return out;
    }

    @Test
    void aFixedBackoffWaitsBackoffMsEveryTime() {
        assertThat(sequence(new Backoff(() -> 0.99), new WorkflowNode.RetryPolicy(5, 1500), 4))
                .containsExactly(1500L, 1500L, 1500L, 1500L);
    }

    @Test
    void exponentialDoublesUpToMaxWithAtLeastHalfOfEachStepWaited() {
        WorkflowNode.RetryPolicy policy = exponential(1000, 10_000);
        // Jitter at its least: half of each step; at its most: the whole step.
        assertThat(sequence(new Backoff(() -> 0.0), policy, 6)).containsExactly(500L, 1000L, 2000L, 4000L, 5000L, 5000L);
        assertThat(sequence(new Backoff(() -> 0.999_999_9), policy, 6))
                .containsExactly(1000L, 2000L, 4000L, 8000L, 10_000L, 10_000L);
        assertThat(sequence(new Backoff(() -> 0.5), policy, 3)).containsExactly(750L, 1500L, 3000L);
    }

    @Test
    void realJitterStaysWithinEachStepAndSpreadsWaits() {
        Backoff backoff = new Backoff();
        WorkflowNode.RetryPolicy policy = exponential(100, 3_600_000);
        List<Long> thirdWaits = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            long wait = backoff.delayMs(policy, 3);
            assertThat(wait).isBetween(200L, 400L);
            thirdWaits.add(wait);
        }
        assertThat(thirdWaits.stream().distinct().count()).as("jitter spreads the waits").isGreaterThan(20);
    }

    @Test
    void largeAttemptNumbersStayAtTheCapWithoutOverflow() {
        assertThat(new Backoff(() -> 0.999_999_9).delayMs(exponential(3_600_000, 3_600_000), 64)).isEqualTo(3_600_000L);
        assertThat(new Backoff(() -> 0.0).delayMs(exponential(1, 3_600_000), 10)).isEqualTo(256L);
        assertThat(new Backoff(() -> 0.0).delayMs(exponential(0, 1000), 5)).isZero();
    }

    // --- the runner asks for this sequence ---

    private static EngineFixture engine;
    private static ExecutionService executions;
    private static WorkflowStore workflowStore;
    private static final List<String> ASKED = Collections.synchronizedList(new ArrayList<>());

    /** Jitter at its least, and every wait the runner asks for written down. */
    private static final class RecordingBackoff extends Backoff {
        RecordingBackoff() {
            super(() -> 0.0);
        }

        @Override
        public long delayMs(WorkflowNode.RetryPolicy policy, int failedAttempts) {
            long wait = super.delayMs(policy, failedAttempts);
            ASKED.add(failedAttempts + ":" + wait);
            return wait;
        }
    }

    @BeforeAll
    static void start() throws Exception {
        engine = new EngineFixture("backoff", new RecordingBackoff());
        executions = engine.executions;
        workflowStore = engine.workflowStore;
    }

    @AfterAll
    static void stop() throws Exception {
        engine.close();
    }

    @Test
    void theRunnerWaitsTheExponentialSequenceBetweenAttempts() throws Exception {
        ASKED.clear();
        WorkflowNode flaky = new WorkflowNode("n0", "flaky", "flaky", Map.of("succeed_on_attempt", 5),
                exponential(4, 20), null, null);
        Workflow workflow = workflowStore.create(new WorkflowValidator.Draft("backoff", "", true,
                new TriggerNode(TriggerNode.MANUAL, Map.of()), List.of(flaky)), Instant.now());

        Execution done = executions.start(workflow, TriggerNode.MANUAL, "test", Map.of()).finished().get(30, TimeUnit.SECONDS);

        assertThat(done.status()).isEqualTo(Execution.SUCCESS);
        assertThat(done.nodeResults().get(0).attempts()).isEqualTo(5);
        // Steps 4, 8, 16, 20 (capped) ms; the least jitter waits half of each.
        assertThat(ASKED).containsExactly("1:2", "2:4", "3:8", "4:10");
    }
}
