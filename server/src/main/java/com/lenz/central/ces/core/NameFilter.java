package com.lenz.central.ces.core;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.lenz.central.core.DomainException;
import java.util.function.Predicate;

/**
 * The {@code search} of {@code GET /api/ces/metrics}: a case-insensitive regular expression found
 * anywhere in a node's name. RE2J runs in time linear in the name, so no pattern a user sends
 * ({@code (a+)+$} included) can stall the server.
 */
public final class NameFilter {

    static final int MAX_PATTERN = 1000;

    private NameFilter() {
    }

    /** Everything when {@code search} is absent or blank; an INVALID failure naming the problem when it is not a valid pattern. */
    public static Predicate<String> of(String search) {
        if (search == null || search.isEmpty()) {
            return name -> true;
        }
        if (search.length() > MAX_PATTERN) {
            throw DomainException.invalid("search must be at most " + MAX_PATTERN + " characters");
        }
        try {
            Pattern pattern = Pattern.compile(search, Pattern.CASE_INSENSITIVE);
            return name -> pattern.matcher(name).find();
        } catch (PatternSyntaxException e) {
            throw DomainException.invalid("search is not a valid regular expression: " + e.getDescription());
        }
    }
}
