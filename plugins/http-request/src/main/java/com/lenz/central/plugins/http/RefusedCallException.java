package com.lenz.central.plugins.http;

/**
 * A call the node will not make or finish, whatever a retry would find: a destination the address
 * policy refuses, too many redirects, a redirect to something that is not an http(s) URL.
 */
final class RefusedCallException extends Exception {

    RefusedCallException(String message) {
        super(message);
    }
}
