package com.lenz.central.plugins.http;

/**
 * A non-2xx answer that fails the node and is not worth a retry (4xx but 429). Checked, so the engine
 * records it as a failure the node reported rather than logging it with a stack trace as a bug: the
 * answer's body, which may echo a credential, stays out of the server log.
 */
final class HttpStatusException extends Exception {

    HttpStatusException(String message) {
        super(message);
    }
}
