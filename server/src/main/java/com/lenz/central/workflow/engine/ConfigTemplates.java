package com.lenz.central.workflow.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.jknack.handlebars.Context;
import com.github.jknack.handlebars.EscapingStrategy;
import com.github.jknack.handlebars.Formatter;
import com.github.jknack.handlebars.Handlebars;
import com.github.jknack.handlebars.HandlebarsException;
import com.github.jknack.handlebars.Template;
import com.github.jknack.handlebars.context.MapValueResolver;
import com.github.jknack.handlebars.io.AbstractTemplateLoader;
import com.github.jknack.handlebars.io.TemplateSource;
import com.lenz.central.plugin.api.Templates;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The templates in node configs ({@code "{{prev.body.file_url}}"}), with Handlebars.
 *
 * <p>Only plain variables are allowed: no helpers, blocks or partials, and the only value resolver reads
 * maps, so a template reaches no getter, method or file. A missing variable is an error naming its path.
 * Every string of a config is rendered once; values coming from outputs are never rendered again.
 */
public final class ConfigTemplates {

    /** What a template may start with. */
    static final Set<String> ROOTS = Set.of("prev", "nodes", "trigger", "workflow", "execution");
    static final Set<String> WORKFLOW_KEYS = Set.of("id", "name");
    static final Set<String> EXECUTION_KEYS = Set.of("id", "trigger_type", "triggered_by", "started_at");

    // A mustache that is not escaped with a backslash: {{{x}}} first, then {{x}}. Its opening is the rule of
    // Templates.isTemplate, which plugins and the schema check use to tell a template from literal text.
    private static final Pattern TAG = Pattern.compile("(?<!\\\\)\\{\\{\\{(.*?)}}}|(?<!\\\\)\\{\\{(.*?)}}", Pattern.DOTALL);
    private static final String SEGMENT = "(?:[A-Za-z0-9_\\-]+|\\[[^\\]\\s]+])";
    private static final Pattern VARIABLE = Pattern.compile("~?&?\\s*(" + SEGMENT + "(?:[./]" + SEGMENT + ")*)\\s*~?");
    private static final int CACHE_MAX = 10_000;

    private final Handlebars handlebars;
    private final Map<String, Template> cache = new ConcurrentHashMap<>();

    public ConfigTemplates(ObjectMapper json) {
        handlebars = new Handlebars(new NoPartials()).with(EscapingStrategy.NOOP).with(new JsonFormatter(json));
        handlebars.registerHelperMissing((context, options) -> {
            throw new MissingVariable(options.helperName);
        });
    }

    /** A template refers to a variable that has no value: the node fails with {@link #getMessage()}. */
    public static final class TemplateError extends Exception {
        public TemplateError(String message) {
            super(message);
        }
    }

    private static final class MissingVariable extends RuntimeException {
        MissingVariable(String path) {
            super(path, null, false, false);
        }
    }

    /**
     * True when Handlebars must read {@code text}: it holds a template ({@link Templates#isTemplate}) or
     * escaped braces, whose backslash rendering drops ({@code "\{{x}}"} renders as {@code "{{x}}"}; a lone
     * backslash and two braces do not parse). Such strings are checked at save time and rendered at run time.
     */
    private static boolean readByHandlebars(String text) {
        return text.contains("{{");
    }

    /** True when some string of {@code value} (nested maps and lists included) is read by Handlebars. */
    private static boolean readByHandlebars(Object value) {
        if (value instanceof String s) {
            return readByHandlebars(s);
        }
        if (value instanceof Map<?, ?> map) {
            return map.values().stream().anyMatch(ConfigTemplates::readByHandlebars);
        }
        if (value instanceof List<?> list) {
            return list.stream().anyMatch(ConfigTemplates::readByHandlebars);
        }
        return false;
    }

    /**
     * Checks every template in {@code value} at save time: it parses, uses plain variables only, and
     * refers to a node that runs before this one.
     *
     * @param field        where {@code value} is, for messages ({@code "nodes[1].config"})
     * @param earlierNodes ids of the nodes before this one, in order (empty for the first node)
     * @param laterNodes   ids of this node and the ones after it
     * @return one message per problem, each naming its field
     */
    public List<String> check(Object value, String field, List<String> earlierNodes, List<String> laterNodes) {
        List<String> problems = new ArrayList<>();
        walkStrings(value, field, (f, s) -> checkString(s, f, earlierNodes, laterNodes, problems));
        return problems;
    }

    private void checkString(String text, String field, List<String> earlier, List<String> later, List<String> problems) {
        if (!readByHandlebars(text)) {
            return;
        }
        try {
            compile(text);
        } catch (RuntimeException e) {
            problems.add(field + ": template does not parse: " + parseError(e));
            return;
        }
        if (!Templates.isTemplate(text)) {
            return; // escaped braces only: literal text
        }
        Matcher tags = TAG.matcher(text);
        while (tags.find()) {
            String inner = tags.group(1) != null ? tags.group(1) : tags.group(2);
            if (inner.startsWith("!")) {
                continue; // a comment
            }
            Matcher variable = VARIABLE.matcher(inner);
            if (!variable.matches()) {
                problems.add(field + ": only variables such as {{prev.body.x}} are allowed in templates, not "
                        + abbreviate(tags.group()));
                continue;
            }
            String problem = checkPath(variable.group(1), earlier, later);
            if (problem != null) {
                problems.add(field + ": " + problem);
            }
        }
    }

    private static String checkPath(String path, List<String> earlier, List<String> later) {
        String[] parts = path.split("[./]");
        String root = parts[0];
        String second = parts.length > 1 ? parts[1] : null;
        switch (root) {
            case "prev":
                return earlier.isEmpty() ? "{{" + path + "}}: prev refers to the previous node, and this is the first node" : null;
            case "nodes":
                if (second == null) {
                    return "{{" + path + "}}: name a node, as {{nodes.<node id>.body.x}}";
                }
                if (earlier.contains(second)) {
                    return null;
                }
                if (!later.isEmpty() && later.get(0).equals(second)) {
                    return "{{" + path + "}}: a node cannot refer to its own output";
                }
                if (later.contains(second)) {
                    return "{{" + path + "}}: node " + second + " runs after this node; refer only to earlier nodes";
                }
                return "{{" + path + "}}: there is no node with id " + second;
            case "workflow":
                return second == null || WORKFLOW_KEYS.contains(second) ? null
                        : "{{" + path + "}}: workflow has only " + String.join(", ", sorted(WORKFLOW_KEYS));
            case "execution":
                return second == null || EXECUTION_KEYS.contains(second) ? null
                        : "{{" + path + "}}: execution has only " + String.join(", ", sorted(EXECUTION_KEYS));
            case "trigger":
                return null;
            default:
                return "{{" + path + "}}: unknown variable " + root
                        + "; templates can use prev, nodes.<id>, trigger, workflow and execution";
        }
    }

    /**
     * A copy of {@code config} with every string rendered against {@code model} (nested maps and lists
     * included); strings without a template are kept as they are.
     *
     * @throws TemplateError naming the variable and the config field, when a variable has no value
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> render(Map<String, Object> config, Map<String, Object> model) throws TemplateError {
        if (!readByHandlebars((Object) config)) {
            return config;
        }
        Context context = Context.newBuilder(model).resolver(MapValueResolver.INSTANCE).build();
        try {
            return (Map<String, Object>) renderValue(config, "config", context);
        } finally {
            context.destroy();
        }
    }

    private Object renderValue(Object value, String field, Context context) throws TemplateError {
        if (value instanceof String s) {
            return readByHandlebars(s) ? renderString(s, field, context) : s;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.put(String.valueOf(e.getKey()), renderValue(e.getValue(), field + "." + e.getKey(), context));
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                out.add(renderValue(list.get(i), field + "[" + i + "]", context));
            }
            return out;
        }
        return value;
    }

    private String renderString(String text, String field, Context context) throws TemplateError {
        try {
            return compile(text).apply(context);
        } catch (HandlebarsException | IOException | MissingVariable e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof MissingVariable missing) {
                    throw new TemplateError("missing variable: " + missing.getMessage() + " (in " + field + ")");
                }
            }
            throw new TemplateError(field + ": template failed: " + parseError(e));
        }
    }

    private Template compile(String text) {
        Template template = cache.get(text);
        if (template == null) {
            try {
                template = handlebars.compileInline(text);
            } catch (IOException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            if (cache.size() >= CACHE_MAX) {
                cache.clear();
            }
            cache.put(text, template);
        }
        return template;
    }

    private interface StringVisitor {
        void visit(String field, String value);
    }

    private static void walkStrings(Object value, String field, StringVisitor visitor) {
        if (value instanceof String s) {
            visitor.visit(field, s);
        } else if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walkStrings(v, field + "." + k, visitor));
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walkStrings(list.get(i), field + "[" + i + "]", visitor);
            }
        }
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    /**
     * Handlebars' reason and position ({@code found: '<EOF>', expected: '}}' at 1:13}), without the name it
     * gives an inline template ({@code inline@1b83b90a}), which means nothing to whoever wrote it.
     */
    private static String parseError(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HandlebarsException h && h.getError() != null && h.getError().reason != null) {
                return firstLine(h.getError().reason.strip()) + " at " + h.getError().line + ":" + h.getError().column;
            }
        }
        String message = firstLine(e.getMessage());
        // inline@1b83b90a:1:13: found ... -> found ... at 1:13
        java.util.regex.Matcher internal = Pattern.compile("^inline@\\p{XDigit}+:(\\d+):(\\d+):\\s*(.*)$").matcher(message);
        return internal.matches() ? internal.group(3) + " at " + internal.group(1) + ":" + internal.group(2) : message;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unknown error";
        }
        int cut = message.indexOf('\n');
        return cut > 0 ? message.substring(0, cut) : message;
    }

    private static String abbreviate(String tag) {
        return tag.length() > 60 ? tag.substring(0, 57) + "..." : tag;
    }

    /** Maps and lists render as JSON, not as Java's toString. */
    private static final class JsonFormatter implements Formatter {
        private final ObjectMapper json;

        JsonFormatter(ObjectMapper json) {
            this.json = json;
        }

        @Override
        public Object format(Object value, Chain next) {
            if (value instanceof Map || value instanceof List) {
                try {
                    return json.writeValueAsString(value);
                } catch (JsonProcessingException e) {
                    return next.format(value);
                }
            }
            return next.format(value);
        }
    }

    /** Partials would read templates from files or the class path: none exist here. */
    private static final class NoPartials extends AbstractTemplateLoader {
        @Override
        public TemplateSource sourceAt(String location) throws IOException {
            throw new IOException("partials are not supported");
        }
    }
}
