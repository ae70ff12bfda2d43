package com.lenz.central.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** What an appender behind the redactor receives. */
class LogRedactorTest {

    @Test
    void messagesThrowablesCausesSuppressedAndMdcAreMasked() {
        String secret = "unit-secret-" + System.nanoTime();
        LogRedactor.register(secret);
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(((LoggerContext) LoggerFactory.getILoggerFactory()).getMDCAdapter());
        ListAppender<ILoggingEvent> list = new ListAppender<>();
        list.setContext(context);
        list.start();
        Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.addAppender(list);
        LogRedactor.install(context);
        LogRedactor.install(context); // twice wraps once

        IllegalStateException error = new IllegalStateException("outer " + secret,
                new RuntimeException("cause " + secret));
        error.addSuppressed(new RuntimeException("suppressed " + secret));
        MDC.put("token", secret);
        try {
            context.getLogger("any.library").info("token={} again {}", secret, secret, error);
        } finally {
            MDC.remove("token");
        }

        assertThat(list.list).hasSize(1);
        ILoggingEvent event = list.list.get(0);
        assertThat(event.getFormattedMessage()).isEqualTo("token=******** again ********");
        assertThat(event.getMessage()).doesNotContain(secret);
        assertThat(event.getArgumentArray()).isNull();
        String trace = ThrowableProxyUtil.asString(event.getThrowableProxy());
        assertThat(trace).doesNotContain(secret).contains("outer ********").contains("cause ********")
                .contains("suppressed ********");
        assertThat(event.getMDCPropertyMap()).containsEntry("token", "********");
    }

    @Test
    void shortValuesAreNotRegisteredAndLongerSecretsWinOverTheirParts() {
        LogRedactor.register("abc");
        assertThat(LogRedactor.redact("abc abc")).isEqualTo("abc abc");
        LogRedactor.register("part-secret-77");
        LogRedactor.register("part-secret-77-and-more");
        assertThat(LogRedactor.redact("x part-secret-77-and-more y")).isEqualTo("x ******** y");
    }
}
