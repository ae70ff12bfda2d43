package com.lenz.central.config;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.dropwizard.configuration.ConfigurationParsingException;
import io.dropwizard.configuration.ConfigurationValidationException;
import jakarta.validation.ConstraintViolation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A configuration Dropwizard refused, as operators set it: one line per problem naming the environment variable
 * (read from config.yml's {@code ${VARIABLE:-default}} placeholders) and the reason, e.g.
 * {@code SCHEDULER_TIMEZONE: 'Mars/Base' is not a time zone (... ) [config.yml schedulerTimezone]}.
 */
public final class ConfigErrorReport {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-[^}]*)?}");
    private static final Pattern REFERENCE = Pattern.compile("@([A-Za-z][A-Za-z0-9_.\\[\\]]*[A-Za-z0-9_\\]])");

    private final Map<String, String> variables;

    private ConfigErrorReport(Map<String, String> variables) {
        this.variables = variables;
    }

    /** The variables of this config file by property path ({@code workflows.staleAfter} → WORKFLOW_STALE_AFTER). */
    public static ConfigErrorReport forFile(String configFile) {
        Map<String, String> variables = new LinkedHashMap<>();
        if (configFile != null) {
            try {
                JsonNode raw = new ObjectMapper(new YAMLFactory()).readTree(Files.readString(Path.of(configFile)));
                collect(raw, "", variables);
            } catch (IOException | RuntimeException unreadable) {
                // Dropwizard reports an unreadable file itself; lines then name the config.yml path only.
            }
        }
        return new ConfigErrorReport(variables);
    }

    /** @return the lines for a configuration error, or an empty list when {@code error} is something else */
    public List<String> lines(Throwable error) {
        List<String> lines = new ArrayList<>();
        if (error instanceof ConfigurationValidationException invalid) {
            for (ConstraintViolation<?> violation : invalid.getConstraintViolations()) {
                lines.add(line(violation.getPropertyPath().toString(), violation.getMessage()));
            }
            lines.sort(null);
        } else if (error instanceof ConfigurationParsingException && error.getCause() instanceof JsonMappingException bad) {
            lines.add(line(path(bad), reason(bad)));
        }
        return lines;
    }

    private String line(String property, String reason) {
        String variable = variables.get(property);
        String text = REFERENCE.matcher(reason).replaceAll(m -> Matcher.quoteReplacement(variables.getOrDefault(m.group(1), m.group(1))));
        if (variable != null && text.startsWith(variable + ": ")) {
            text = text.substring(variable.length() + 2); // a reason that names its variable itself, for tests and logs
        }
        return variable == null ? property + ": " + text
                : variable + ": " + text + " (config.yml " + property + ")";
    }

    private static String path(JsonMappingException bad) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : bad.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.length() == 0 ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String reason(JsonMappingException bad) {
        if (bad instanceof InvalidFormatException format) {
            return "'" + format.getValue() + "' is not a valid " + describe(format.getTargetType());
        }
        String message = bad.getOriginalMessage() == null ? "cannot be read" : bad.getOriginalMessage();
        message = message.lines().findFirst().orElse(message);
        int problem = message.indexOf("problem: "); // "Cannot construct instance of `...Duration`, problem: Invalid duration: abc"
        return problem >= 0 ? message.substring(problem + "problem: ".length()) : message;
    }

    private static String describe(Class<?> type) {
        if (type == io.dropwizard.util.Duration.class) {
            return "duration (a number and a unit: 500ms, 30s, 5m, 1h, 7d)";
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "whole number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "boolean (true or false)";
        }
        return type.getSimpleName();
    }

    private static void collect(JsonNode node, String path, Map<String, String> variables) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                collect(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), variables);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), path + "[" + i + "]", variables);
            }
        } else if (node.isTextual()) {
            Matcher placeholder = PLACEHOLDER.matcher(node.asText().trim());
            if (placeholder.matches()) {
                variables.put(path, placeholder.group(1));
            }
        }
    }
}
