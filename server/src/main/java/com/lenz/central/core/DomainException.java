package com.lenz.central.core;

import java.util.Optional;

/**
 * A failure the domain names: what went wrong ({@link Kind}), a short summary and what exactly was
 * wrong. Services and background code throw and read these; only the HTTP edge turns a kind into a
 * status ({@code http/DomainExceptionMapper}), so nothing below the resources knows about HTTP.
 */
public class DomainException extends RuntimeException {

    /** What kind of failure, as the caller should understand it. */
    public enum Kind {
        /** The input is wrong: a field, a parameter, a body. */
        INVALID,
        /** The caller is not who they claim (bad credentials, token, key). */
        UNAUTHENTICATED,
        /** The caller is known but may not do this. */
        FORBIDDEN,
        /** No such thing. */
        NOT_FOUND,
        /** The thing is in the wrong state for this. */
        CONFLICT,
        /** The input is larger than allowed. */
        TOO_LARGE,
        /** The caller is over a limit (attempts, concurrency); may try again later. */
        THROTTLED,
        /** This server cannot do it now (database down, queue full, stopping); may try again later. */
        UNAVAILABLE,
        /** Another system this one depends on (a master, a federated instance) failed. */
        UPSTREAM_FAILED
    }

    private final Kind kind;
    private final String summary;
    private final Long retryAfterSeconds;

    public DomainException(Kind kind, String summary, String error) {
        this(kind, summary, error, null, null);
    }

    public DomainException(Kind kind, String summary, String error, Long retryAfterSeconds, Throwable cause) {
        super(error, cause);
        this.kind = kind;
        this.summary = summary;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static DomainException invalid(String error) {
        return new DomainException(Kind.INVALID, "invalid request", error);
    }

    public static DomainException unauthenticated(String error) {
        return new DomainException(Kind.UNAUTHENTICATED, "unauthorized", error);
    }

    public static DomainException forbidden(String error) {
        return new DomainException(Kind.FORBIDDEN, "forbidden", error);
    }

    public static DomainException notFound(String error) {
        return new DomainException(Kind.NOT_FOUND, "not found", error);
    }

    public static DomainException conflict(String summary, String error) {
        return new DomainException(Kind.CONFLICT, summary, error);
    }

    public static DomainException tooLarge(String error) {
        return new DomainException(Kind.TOO_LARGE, "request entity too large", error);
    }

    public static DomainException throttled(String summary, String error, long retryAfterSeconds) {
        return new DomainException(Kind.THROTTLED, summary, error, retryAfterSeconds, null);
    }

    public static DomainException unavailable(String summary, String error) {
        return new DomainException(Kind.UNAVAILABLE, summary, error);
    }

    public static DomainException unavailable(String summary, String error, long retryAfterSeconds) {
        return new DomainException(Kind.UNAVAILABLE, summary, error, retryAfterSeconds, null);
    }

    public static DomainException upstreamFailed(String summary, String error) {
        return new DomainException(Kind.UPSTREAM_FAILED, summary, error);
    }

    /** The DomainException behind {@code e}, if any (libraries wrap what our code throws). */
    public static Optional<DomainException> causeOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DomainException domain) {
                return Optional.of(domain);
            }
        }
        return Optional.empty();
    }

    public Kind kind() {
        return kind;
    }

    /** The envelope's short {@code message}. */
    public String summary() {
        return summary;
    }

    /** The envelope's {@code error}: what exactly was wrong. */
    public String error() {
        return getMessage();
    }

    /** Seconds after which trying again makes sense, when the failure says so. */
    public Optional<Long> retryAfterSeconds() {
        return Optional.ofNullable(retryAfterSeconds);
    }
}
