package com.lenz.central.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A logging event as an appender may see it: message, throwable messages (causes and suppressed ones
 * included), MDC values and key-value pairs with every registered secret masked. The raw message pattern
 * and arguments are not passed on (a layout could print them); the formatted message is the message.
 */
final class RedactedEvent implements ILoggingEvent {

    private final ILoggingEvent event;
    private final String message;
    private final IThrowableProxy throwable;
    private final Map<String, String> mdc;
    private final List<KeyValuePair> keyValues;

    private RedactedEvent(ILoggingEvent event) {
        this.event = event;
        this.message = LogRedactor.redact(event.getFormattedMessage());
        this.throwable = event.getThrowableProxy() == null ? null : new RedactedThrowable(event.getThrowableProxy());
        Map<String, String> original = event.getMDCPropertyMap();
        if (original == null || original.isEmpty()) {
            this.mdc = original;
        } else {
            Map<String, String> copy = new LinkedHashMap<>();
            original.forEach((k, v) -> copy.put(k, LogRedactor.redact(v)));
            this.mdc = copy;
        }
        List<KeyValuePair> pairs = event.getKeyValuePairs();
        this.keyValues = pairs == null ? null : pairs.stream()
                .map(p -> new KeyValuePair(p.key, p.value == null ? null : LogRedactor.redact(String.valueOf(p.value))))
                .toList();
    }

    static ILoggingEvent of(ILoggingEvent event) {
        return new RedactedEvent(event);
    }

    @Override
    public String getThreadName() {
        return event.getThreadName();
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    @Override
    public String getMessage() {
        return message;
    }

    @Override
    public Object[] getArgumentArray() {
        return null;
    }

    @Override
    public String getFormattedMessage() {
        return message;
    }

    @Override
    public String getLoggerName() {
        return event.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return event.getLoggerContextVO();
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return throwable;
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return event.getMarkerList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return mdc;
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return mdc;
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public Instant getInstant() {
        return event.getInstant();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        return keyValues;
    }

    @Override
    public void prepareForDeferredProcessing() {
        // Everything this event answers is computed already; the original keeps its thread name and MDC.
        event.prepareForDeferredProcessing();
    }

    /** A throwable whose messages, and those of its causes and suppressed throwables, are masked. */
    private static final class RedactedThrowable implements IThrowableProxy {
        private final IThrowableProxy proxy;

        RedactedThrowable(IThrowableProxy proxy) {
            this.proxy = proxy;
        }

        @Override
        public String getOverridingMessage() {
            return LogRedactor.redact(proxy.getOverridingMessage());
        }

        @Override
        public String getMessage() {
            return LogRedactor.redact(proxy.getMessage());
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            return proxy.getCause() == null ? null : new RedactedThrowable(proxy.getCause());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] out = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                out[i] = new RedactedThrowable(suppressed[i]);
            }
            return out;
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }
}
