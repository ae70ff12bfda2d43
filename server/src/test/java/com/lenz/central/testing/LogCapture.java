package com.lenz.central.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import org.slf4j.LoggerFactory;

/**
 * Everything logged through the root logger (messages and stack traces), for tests that assert what a
 * log must never hold. A server start reconfigures logging and drops this appender: call
 * {@link #attach()} again after each start.
 */
public final class LogCapture extends AppenderBase<ILoggingEvent> implements AutoCloseable {

    private final StringBuffer text = new StringBuffer();

    public static LogCapture capture() {
        LogCapture capture = new LogCapture();
        capture.setName("test-log-capture");
        return capture.attach();
    }

    public LogCapture attach() {
        Logger root = root();
        setContext(root.getLoggerContext());
        if (!isStarted()) {
            start();
        }
        if (root.getAppender(getName()) == null) {
            root.addAppender(this);
        }
        return this;
    }

    @Override
    protected void append(ILoggingEvent event) {
        text.append(event.getLevel()).append(' ').append(event.getLoggerName()).append(": ")
                .append(event.getFormattedMessage()).append('\n');
        if (event.getThrowableProxy() != null) {
            text.append(ThrowableProxyUtil.asString(event.getThrowableProxy())).append('\n');
        }
    }

    public String text() {
        return text.toString();
    }

    @Override
    public void close() {
        root().detachAppender(this);
        stop();
    }

    private static Logger root() {
        return ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
