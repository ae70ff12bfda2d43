package com.lenz.central.logging;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.LoggerFactory;

/**
 * The one place that keeps secrets out of the logs. Every secret the server learns (credential values,
 * bot tokens, API keys, webhook tokens, database, replication and keystore passwords, the JWT secret and
 * the credentials key) is {@link #register registered} here, and {@link #install} puts a
 * {@link RedactingAppender} in front of every appender of every logger, so the formatted message,
 * the throwable text and the MDC of every event, at every level and whoever logged it (a library at
 * TRACE included), reach the console, a file or any later layout with each secret replaced by
 * {@value #MASK}. Masking at the appender rather than in a pattern converter covers layouts that do not
 * use our pattern (JSON).
 *
 * <p>The registry is JVM-wide: several servers in one JVM (tests) share it, which only masks more.
 */
public final class LogRedactor {

    public static final String MASK = "********";
    /**
     * Shorter values are not registered: masking every "abc" in every line would garble the logs, and a
     * value that short is no real secret (passwords and tokens here are at least 8 characters).
     */
    static final int MIN_LENGTH = 6;

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    /** Longest first, so that a secret containing another is masked whole. */
    private static volatile String[] ordered = new String[0];

    private LogRedactor() {
    }

    /** Masks {@code secret} in every log event from now on (null, blank and short values are ignored). */
    public static void register(String secret) {
        if (secret == null || secret.length() < MIN_LENGTH || secret.isBlank()) {
            return;
        }
        if (SECRETS.add(secret)) {
            synchronized (SECRETS) {
                List<String> all = new ArrayList<>(SECRETS);
                all.sort(Comparator.comparingInt(String::length).reversed());
                ordered = all.toArray(String[]::new);
            }
        }
    }

    /** Registers an http_basic pair: the password, and {@code user:pass} in base64 as the header carries it. */
    public static void registerBasic(String user, String password) {
        register(password);
        if (user != null && password != null) {
            byte[] pair = (user + ":" + password).getBytes(StandardCharsets.UTF_8);
            register(Base64.getEncoder().encodeToString(pair));
            register(Base64.getUrlEncoder().encodeToString(pair));
        }
    }

    /** Whether {@code text} holds a registered secret. */
    static boolean leaks(String text) {
        if (text == null) {
            return false;
        }
        for (String secret : ordered) {
            if (text.contains(secret)) {
                return true;
            }
        }
        return false;
    }

    /** {@code text} with every registered secret replaced by {@value #MASK}. */
    public static String redact(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : ordered) {
            if (out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }

    /**
     * Wraps every appender attached to any logger of the running Logback context (as Dropwizard built them
     * from config.yml) in a {@link RedactingAppender}. Call it after Dropwizard has configured logging
     * (at the start of {@code Application.run}); appenders already behind a redactor are left alone.
     */
    public static void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            install(context);
        }
    }

    static void install(LoggerContext context) {
        for (Logger logger : context.getLoggerList()) {
            wrap(logger);
        }
    }

    private static void wrap(Logger logger) {
        List<Appender<ILoggingEvent>> plain = new ArrayList<>();
        for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext(); ) {
            Appender<ILoggingEvent> appender = it.next();
            if (!(appender instanceof RedactingAppender)) {
                plain.add(appender);
            }
        }
        if (plain.isEmpty()) {
            return;
        }
        RedactingAppender redactor = new RedactingAppender();
        redactor.setContext(logger.getLoggerContext());
        redactor.setName("redactor:" + logger.getName());
        for (Appender<ILoggingEvent> appender : plain) {
            redactor.addAppender(appender);
        }
        redactor.start();
        // Attach the redactor before detaching the others, so no event of another thread is dropped.
        logger.addAppender(redactor);
        for (Appender<ILoggingEvent> appender : plain) {
            logger.detachAppender(appender);
        }
    }
}
