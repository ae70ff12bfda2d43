package com.lenz.central.plugin.api;

import java.util.regex.Pattern;

/**
 * The server's one rule for "does this config value hold a template", for nodes whose {@link ActionNode#validate}
 * must put off checking a value known only at run time.
 *
 * <p>A template starts with two opening braces that no backslash escapes: {@code "{{prev.body.x}}"} and
 * {@code "Hi {{trigger.name}}"} are templates; {@code "\{{not a template}}"} is literal text (rendered as
 * {@code "{{not a template}}"}), so its value is known when the workflow is saved and is checked then like
 * any other. Two braces that are never closed still count as a template: the server refuses it at save
 * time because it does not parse.
 */
public final class Templates {

    /** An opening mustache not preceded by a backslash; the server's renderer uses the same rule. */
    private static final Pattern OPENING = Pattern.compile("(?<!\\\\)\\{\\{");

    private Templates() {
    }

    /** True when {@code text} holds a template, i.e. its value is known only at run time. */
    public static boolean isTemplate(String text) {
        return text != null && text.contains("{{") && OPENING.matcher(text).find();
    }

    /** True when {@code value} is a string holding a template; false for anything else (numbers, maps, null). */
    public static boolean isTemplate(Object value) {
        return value instanceof String text && isTemplate(text);
    }
}
