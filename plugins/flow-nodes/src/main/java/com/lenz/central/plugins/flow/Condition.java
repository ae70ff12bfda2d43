package com.lenz.central.plugins.flow;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.Templates;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.stream.Stream;
import java.util.List;

/**
 * One {@code {"left", "operator", "right"}} condition of a filter. Rendered templates are strings, so a
 * side that is a number, or a string that parses as one, compares as a number when the other side does
 * too; otherwise both compare as text. {@code matches} uses RE2J, which runs in linear time whatever
 * the pattern.
 */
record Condition(Object left, String operator, Object right) {

    static final List<String> BINARY = List.of("eq", "ne", "gt", "gte", "lt", "lte", "contains", "matches");
    static final List<String> UNARY = List.of("exists", "empty");
    /** Every operator, binary first: the filter's schema and messages are built from this list. */
    static final List<String> OPERATORS = Stream.concat(BINARY.stream(), UNARY.stream()).toList();

    static Condition parse(Object raw, int index) throws NodeConfigException {
        String at = "conditions[" + index + "]";
        if (!(raw instanceof Map<?, ?> map)) {
            throw new NodeConfigException(at, "must be an object with left, operator and right");
        }
        Object operator = map.get("operator");
        if (!(operator instanceof String op) || !(BINARY.contains(op) || UNARY.contains(op))) {
            throw new NodeConfigException(at + ".operator", "must be one of " + String.join(", ", OPERATORS));
        }
        if (!map.containsKey("left")) {
            throw new NodeConfigException(at + ".left", "is required");
        }
        if (BINARY.contains(op) && !map.containsKey("right")) {
            throw new NodeConfigException(at + ".right", "is required for " + op);
        }
        Object right = map.get("right");
        if (op.equals("matches") && right instanceof String pattern && !Templates.isTemplate(pattern)) {
            compile(pattern, at + ".right");
        }
        return new Condition(map.get("left"), op, right);
    }

    boolean holds() throws NodeConfigException {
        return switch (operator) {
            case "exists" -> left != null && !(left instanceof String s && s.isEmpty());
            case "empty" -> isEmpty(left);
            case "eq" -> compare() == 0;
            case "ne" -> compare() != 0;
            case "gt" -> compare() > 0;
            case "gte" -> compare() >= 0;
            case "lt" -> compare() < 0;
            case "lte" -> compare() <= 0;
            case "contains" -> contains();
            case "matches" -> left != null && compile(text(right), "right").matcher(text(left)).find();
            default -> throw new NodeConfigException("operator", "unknown operator " + operator);
        };
    }

    private int compare() {
        BigDecimal a = number(left);
        BigDecimal b = number(right);
        if (a != null && b != null) {
            return a.compareTo(b);
        }
        return text(left).compareTo(text(right));
    }

    private boolean contains() {
        if (left instanceof Collection<?> items) {
            String wanted = text(right);
            return items.stream().anyMatch(item -> text(item).equals(wanted));
        }
        return text(left).contains(text(right));
    }

    private static boolean isEmpty(Object value) {
        return value == null || (value instanceof String s && s.isEmpty()) || (value instanceof Collection<?> c && c.isEmpty())
                || (value instanceof Map<?, ?> m && m.isEmpty());
    }

    static BigDecimal number(Object value) {
        if (value instanceof Number n) {
            return new BigDecimal(n.toString());
        }
        if (value instanceof String s && !s.isBlank()) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException notANumber) {
                return null;
            }
        }
        return null;
    }

    private static String text(Object value) {
        return value == null ? "" : value.toString();
    }

    private static Pattern compile(String pattern, String field) throws NodeConfigException {
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new NodeConfigException(field, "is not a valid regular expression: " + e.getDescription());
        }
    }
}
