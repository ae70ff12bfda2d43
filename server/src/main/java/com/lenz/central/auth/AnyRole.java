package com.lenz.central.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A write that every signed-in user may make whatever their role (ending their own session): without
 * it, any method but GET/HEAD/OPTIONS needs the admin role.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface AnyRole {
}
