package com.lenz.central.http;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Overrides the default request-body limit ({@link BodySizeLimitFilter#DEFAULT_LIMIT}) of a resource method. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface MaxBodySize {
    /** The largest accepted body, in bytes. */
    long value();
}
