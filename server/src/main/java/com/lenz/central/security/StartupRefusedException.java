package com.lenz.central.security;

/**
 * A configuration the server refuses to start with. Dropwizard prints a failed start's stack trace; this
 * one prints only its message, one line that says what to set.
 */
public class StartupRefusedException extends RuntimeException {

    public StartupRefusedException(String message) {
        super(message, null, false, false);
    }

    @Override
    public void printStackTrace(java.io.PrintWriter out) {
        out.println(getMessage());
    }

    @Override
    public void printStackTrace(java.io.PrintStream out) {
        out.println(getMessage());
    }
}
