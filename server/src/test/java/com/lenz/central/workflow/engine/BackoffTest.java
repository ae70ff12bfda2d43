package com.lenz.central.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.db.JdbiSetup;
import com.lenz.central.events.db.EventHistoryReader;
import com.lenz.central.exports.ExportPaths;
import com.lenz.central.plugin.NodeConfigCheck;
import com.lenz.central.plugin.NodeServices;
import com.lenz.central.plugin.NodeTypeRegistry;
import com.lenz.central.plugin.PluginLoader;
import com.lenz.central.testing.SharedPostgres;
import com.lenz.central.testing.TestServer;
import com.lenz.central.workflow.WorkflowsConfig;
import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.core.TriggerNode;
import com.lenz.central.workflow.core.Workflow;
import com.lenz.central.workflow.core.WorkflowNode;
import com.lenz.central.workflow.core.WorkflowValidator;
import com.lenz.central.workflow.db.ExecutionStore;
import com.lenz.central.workflow.db.WorkflowStore;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.jackson.Jackson;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The waits between attempts of a node: the sequence {@link Backoff} gives (jitter fixed by the test, no clock
 * involved), and that the runner asks for exactly that sequence, one wait per failed attempt.
 */
class BackoffTest {

    private static final ObjectMapper JSON = Jackson.newObjectMapper();

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

    private static PluginLoader plugins;
    private static NodeTypeRegistry nodeTypes;
    private static ExecutorService nodeThreads;
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
        String database = SharedPostgres.newDatabase("backoff");
        DataSourceFactory factory = new DataSourceFactory();
        factory.setUrl(SharedPostgres.cluster().jdbcUrl(database));
        factory.setUser("postgres");
        factory.setPassword("");
        com.lenz.central.db.SchemaMigrator.migrate(factory, com.lenz.central.db.SchemaMigrator.LENZ_CHANGELOG);
        Jdbi jdbi = JdbiSetup.configure(Jdbi.create(factory.getUrl(), "postgres", ""));
        plugins = new PluginLoader(TestServer.pluginsWithTestNodes(), Files.createTempDirectory("lenz-vendor-plugins-"), "1.0.0");
        plugins.start();
        nodeTypes = new NodeTypeRegistry(plugins, JSON);
        nodeTypes.start();
        NodeServices services = new NodeServices(name -> Optional.empty(),
                new ExportPaths(Files.createTempDirectory("lenz-exports-")), new EventHistoryReader(jdbi, JSON), Map.of());
        ExecutionStore executionStore = new ExecutionStore(jdbi, JSON);
        workflowStore = new WorkflowStore(jdbi, JSON);
        nodeThreads = Executors.newFixedThreadPool(2, WorkflowRunner.daemonThreads("backoff-node-"));
        WorkflowRunner runner = new WorkflowRunner(executionStore, nodeTypes, new NodeConfigCheck(JSON),
                new ConfigTemplates(JSON), services, nodeThreads, JSON, Clock.systemUTC(), new RecordingBackoff());
        executions = new ExecutionService(executionStore, runner, new WorkflowsConfig(), "backoff-test", Clock.systemUTC());
        executions.start();
    }

    @AfterAll
    static void stop() throws Exception {
        executions.stop();
        nodeThreads.shutdownNow();
        nodeTypes.stop();
        plugins.stop();
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
