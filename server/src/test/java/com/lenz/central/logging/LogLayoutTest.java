package com.lenz.central.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The server log's two layouts (LOG_FORMAT), behind the redactor as the server installs them. */
class LogLayoutTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A logger context whose root writes through {@code format}'s layout into {@code out}, redactor in front. */
    private static LoggerContext context(LogFormat format, ByteArrayOutputStream out) {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(((LoggerContext) LoggerFactory.getILoggerFactory()).getMDCAdapter());
        ServerLogLayoutFactory factory = new ServerLogLayoutFactory();
        factory.setFormat(format);
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(factory.build(context, TimeZone.getTimeZone("UTC")));
        encoder.getLayout().start();
        encoder.start();
        OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setOutputStream(out);
        appender.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(appender);
        LogRedactor.install(context);
        return context;
    }

    @Test
    void jsonLinesAreOneObjectEachWithTheRunIdsAndSecretsMasked() throws Exception {
        String secret = "json-secret-" + System.nanoTime();
        LogRedactor.register(secret);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoggerContext context = context(LogFormat.JSON, out);

        try (RunContext.Scope ignored = RunContext.node("wf-1", "ex-1", "node-a")) {
            MDC.put("token", secret);
            context.getLogger("workflow.node.http_request").warn("calling with {}\nsecond line", secret,
                    new IllegalStateException("failed: " + secret, new RuntimeException("cause " + secret)));
        } finally {
            MDC.remove("token");
        }
        context.getLogger("plain").info("no run here");

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(String.join("\n", lines)).doesNotContain(secret);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("level").asText()).isEqualTo("WARN");
        assertThat(first.get("logger").asText()).isEqualTo("workflow.node.http_request");
        assertThat(first.get("message").asText()).isEqualTo("calling with ********\nsecond line");
        assertThat(first.get("exception").asText()).contains("failed: ********").contains("cause ********");
        assertThat(first.get("execution_id").asText()).isEqualTo("ex-1");
        assertThat(first.get("workflow_id").asText()).isEqualTo("wf-1");
        assertThat(first.get("node_id").asText()).isEqualTo("node-a");
        assertThat(first.get("token").asText()).isEqualTo(LogRedactor.MASK);
        assertThat(first.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.has("execution_id")).isFalse();
    }

    @Test
    void textLinesEndWithTheMdcWhenThereIsOne() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LoggerContext context = context(LogFormat.TEXT, out);

        try (RunContext.Scope ignored = RunContext.node("wf-1", "ex-1", "node-a")) {
            context.getLogger("workflow.node.set").info("inside");
        }
        context.getLogger("plain").info("outside");

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).startsWith("INFO  [").contains("workflow.node.set: inside [").endsWith("]")
                .contains("execution_id=ex-1").contains("node_id=node-a").contains("workflow_id=wf-1");
        assertThat(lines.get(1)).endsWith("plain: outside");
    }

    @Test
    void anUnknownFormatIsRefusedNamingTheVariable() {
        assertThat(LogFormat.of("JSON")).isEqualTo(LogFormat.JSON);
        assertThat(LogFormat.of("")).isEqualTo(LogFormat.TEXT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LogFormat.of("xml"))
                .hasMessage("LOG_FORMAT must be text or json, not 'xml'");
    }
}
