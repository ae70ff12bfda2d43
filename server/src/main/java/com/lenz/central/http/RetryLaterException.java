package com.lenz.central.http;

/** An {@link ApiException} answered with {@code Retry-After: <seconds>} (429 throttled, 503 busy). */
public class RetryLaterException extends ApiException {

    private final long retryAfterSeconds;

    public RetryLaterException(int status, String message, String error, long retryAfterSeconds) {
        super(status, message, error);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
