package com.lenz.central.logging;

import static com.lenz.central.workflow.WorkflowBodies.manual;
import static com.lenz.central.workflow.WorkflowBodies.node;
import static com.lenz.central.workflow.WorkflowBodies.with;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.lenz.central.testing.ApiClient;
import com.lenz.central.testing.TestServer;
import com.lenz.central.testing.TestServerExtension;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * In the default text format too, the lines a node logs carry the run's ids (and the id of the request that
 * started it), whether it runs on the execution's thread or (with {@code timeout_ms}) on a node thread.
 */
class RunLogContextTest {

    @RegisterExtension
    static final TestServerExtension SERVER = TestServerExtension.with(TestServer.Builder::withTestPlugins);

    @Test
    void aNodesLinesCarryTheExecutionWorkflowAndNodeIds() {
        Logger nodeLogger = (Logger) LoggerFactory.getLogger("workflow.node.uppercase");
        nodeLogger.setLevel(Level.INFO); // the test server logs at WARN
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.setContext(nodeLogger.getLoggerContext());
        lines.start();
        nodeLogger.addAppender(lines);
        try {
            ApiClient admin = SERVER.admin();
            String workflowId = admin.post("/api/workflows", manual("mdc " + System.nanoTime(),
                    node("here", "uppercase", Map.of("text", "a")),
                    with(node("there", "uppercase", Map.of("text", "b")), "timeout_ms", 10_000)))
                    .json().get("data").get("id").asText();

            // The request's id follows the run it starts: an operator finds the run's lines from the request log.
            ApiClient.Response run = admin.send(admin.request("/api/workflows/" + workflowId + "/execute")
                    .header("X-Request-Id", "run-log-context-1").POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(run.status()).as(run.toString()).isEqualTo(200);
            String executionId = run.json().get("data").get("id").asText();

            List<ILoggingEvent> events = List.copyOf(lines.list);
            assertThat(events).hasSize(2);
            for (int i = 0; i < 2; i++) {
                Map<String, String> mdc = events.get(i).getMDCPropertyMap();
                assertThat(mdc).containsEntry(RunContext.EXECUTION_ID, executionId)
                        .containsEntry(RunContext.WORKFLOW_ID, workflowId)
                        .containsEntry(RunContext.NODE_ID, i == 0 ? "here" : "there")
                        .containsEntry(RunContext.REQUEST_ID, "run-log-context-1");
            }
            assertThat(events.get(1).getThreadName()).startsWith("workflow-node-");

            // and the text layout prints them
            var layout = new ServerLogLayoutFactory().build((LoggerContext) LoggerFactory.getILoggerFactory(),
                    TimeZone.getTimeZone("UTC"));
            layout.start();
            String line = new String(layout.doLayout(events.get(0)).getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            assertThat(line).contains("execution_id=" + executionId).contains("workflow_id=" + workflowId)
                    .contains("node_id=here").contains("request_id=run-log-context-1");
        } finally {
            nodeLogger.detachAppender(lines);
            nodeLogger.setLevel(null);
        }
    }
}
