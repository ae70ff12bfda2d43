package com.lenz.central.config;

/**
 * A config.yml section that checks what Bean Validation annotations cannot say (a time zone, a URL, one value
 * against another). Annotate the class with {@link CheckedConfig}: {@code check} and {@code server} then refuse the
 * configuration before anything starts, naming the environment variable (see {@link ConfigErrorReport}).
 */
public interface SelfChecking {

    void check(ConfigProblems problems);
}
