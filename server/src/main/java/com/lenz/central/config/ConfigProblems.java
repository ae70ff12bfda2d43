package com.lenz.central.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link SelfChecking} section found wrong: the property (its name in that section of config.yml) and
 * why. A reason may name another setting as {@code @section.property} (its full config.yml path): the report
 * prints that setting's environment variable in its place.
 */
public final class ConfigProblems {

    /** One problem; {@code property} is relative to the section that found it. */
    public record Problem(String property, String reason) {
    }

    private final List<Problem> problems = new ArrayList<>();

    public void add(String property, String reason) {
        problems.add(new Problem(property, reason));
    }

    public List<Problem> all() {
        return List.copyOf(problems);
    }

    /** An IANA time zone such as {@code Europe/Berlin} or {@code UTC}. */
    public void zone(String property, String value) {
        try {
            ZoneId.of(value == null ? "" : value.trim());
        } catch (DateTimeException e) {
            add(property, "'" + value + "' is not a time zone (an IANA name such as UTC or Asia/Jakarta)");
        }
    }

    /** An absolute http or https URL with a host; {@code required} false lets it be empty. */
    public void httpUrl(String property, String value, boolean required) {
        String url = value == null ? "" : value.trim();
        if (url.isEmpty()) {
            if (required) {
                add(property, "is required");
            }
            return;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
                add(property, "'" + withoutUserInfo(url) + "' is not an http(s) URL with a host");
            }
        } catch (URISyntaxException e) {
            add(property, "'" + withoutUserInfo(url) + "' is not a URL: " + e.getReason());
        }
    }

    /** A URL may carry {@code user:password@}: never repeated in an error. */
    private static String withoutUserInfo(String url) {
        return url.replaceFirst("//[^/@]*@", "//***@");
    }
}
