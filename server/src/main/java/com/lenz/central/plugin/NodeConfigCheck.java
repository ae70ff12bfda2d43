package com.lenz.central.plugin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.Templates;
import com.networknt.schema.JsonNodePath;
import com.networknt.schema.ValidationMessage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a node's config against its type's JSON Schema.
 *
 * <p>At save time a string holding a template ({@code "{{prev.body.rows}}"}) stands for a value known only
 * at run time: the schema's complaints about it are put off (an object or array is the exception: a
 * template renders to text, never to those). At run time the rendered config is checked again; a rendered
 * template where the schema wants an integer, number or boolean is converted first ({@code "42"} → 42).
 */
public class NodeConfigCheck {

    private static final Set<String> SCALAR_TYPES = Set.of("string", "number", "integer", "boolean", "null");

    private final ObjectMapper json;

    public NodeConfigCheck(ObjectMapper json) {
        this.json = json;
    }

    /**
     * Problems of a config as saved, each as {@code "<field>: <what is wrong>"} with the field relative
     * to the config ({@code "date_range.from"}); empty when the config is acceptable.
     */
    public List<String> problems(NodeType type, Map<String, Object> config) {
        if (type.acceptsAnything()) {
            return List.of();
        }
        JsonNode doc = json.valueToTree(config);
        List<String> out = new ArrayList<>();
        for (ValidationMessage message : sorted(type.compiledSchema().validate(doc))) {
            if (isTemplate(message.getInstanceNode()) && !wantsContainer(message)) {
                continue;
            }
            out.add(describe(message));
        }
        return out;
    }

    /**
     * The rendered config, checked and with rendered templates converted to the types the schema wants.
     *
     * @param original the config as saved (to tell rendered templates from literal strings)
     * @throws NodeConfigException naming the field, when the rendered config breaks the schema
     */
    @SuppressWarnings("unchecked")
    public Map<String, Object> checkRendered(NodeType type, Map<String, Object> original, Map<String, Object> rendered)
            throws NodeConfigException {
        if (type.acceptsAnything()) {
            return rendered;
        }
        JsonNode doc = json.valueToTree(rendered);
        Set<ValidationMessage> messages = type.compiledSchema().validate(doc);
        if (messages.isEmpty()) {
            return rendered;
        }
        JsonNode before = json.valueToTree(original);
        boolean converted = false;
        for (ValidationMessage message : messages) {
            if ("type".equals(message.getType()) && message.getInstanceNode().isTextual()
                    && isTemplate(at(before, message.getInstanceLocation()))) {
                JsonNode value = convert(message.getInstanceNode().asText(), expected(message));
                if (value != null && replace(doc, message.getInstanceLocation(), value)) {
                    converted = true;
                }
            }
        }
        if (converted) {
            messages = type.compiledSchema().validate(doc);
        }
        if (!messages.isEmpty()) {
            ValidationMessage first = sorted(messages).get(0);
            throw new NodeConfigException(field(first), "rendered value " + what(first));
        }
        return json.convertValue(doc, Map.class);
    }

    private static boolean isTemplate(JsonNode node) {
        return node != null && node.isTextual() && Templates.isTemplate(node.asText());
    }

    /** A type complaint where no scalar would do: a template cannot render to an object or array. */
    private static boolean wantsContainer(ValidationMessage message) {
        return "type".equals(message.getType()) && !SCALAR_TYPES.contains(expected(message));
    }

    private static String expected(ValidationMessage message) {
        Object[] args = message.getArguments();
        return args != null && args.length > 1 ? String.valueOf(args[1]) : "";
    }

    private static JsonNode convert(String text, String wanted) {
        String t = text.trim();
        try {
            switch (wanted) {
                case "integer": {
                    BigDecimal n = new BigDecimal(t);
                    return n.stripTrailingZeros().scale() <= 0 ? JsonNodeFactory.instance
                            .numberNode(n.toBigIntegerExact()) : null;
                }
                case "number":
                    return JsonNodeFactory.instance.numberNode(new BigDecimal(t));
                case "boolean":
                    return "true".equals(t) ? BooleanNode.TRUE
                            : "false".equals(t) ? BooleanNode.FALSE : null;
                default:
                    return null;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            return null;
        }
    }

    private static JsonNode at(JsonNode root, JsonNodePath path) {
        JsonNode node = root;
        for (int i = 0; i < path.getNameCount() && node != null; i++) {
            Object element = path.getElement(i);
            node = element instanceof Integer index ? node.get(index) : node.get(String.valueOf(element));
        }
        return node;
    }

    private static boolean replace(JsonNode root, JsonNodePath path, JsonNode value) {
        if (path.getNameCount() == 0) {
            return false;
        }
        JsonNode parent = root;
        for (int i = 0; i < path.getNameCount() - 1 && parent != null; i++) {
            Object element = path.getElement(i);
            parent = element instanceof Integer index ? parent.get(index) : parent.get(String.valueOf(element));
        }
        Object last = path.getElement(path.getNameCount() - 1);
        if (parent instanceof ObjectNode object) {
            object.set(String.valueOf(last), value);
            return true;
        }
        if (parent instanceof ArrayNode array && last instanceof Integer index) {
            array.set(index, value);
            return true;
        }
        return false;
    }

    private static List<ValidationMessage> sorted(Set<ValidationMessage> messages) {
        List<ValidationMessage> list = new ArrayList<>(messages);
        list.sort(Comparator.comparing(NodeConfigCheck::field).thenComparing(ValidationMessage::getMessage));
        return list;
    }

    /** The config field a message is about, dotted, with list indexes in brackets; "" for the config itself. */
    static String field(ValidationMessage message) {
        StringBuilder out = new StringBuilder();
        JsonNodePath path = message.getInstanceLocation();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                if (out.length() > 0) {
                    out.append('.');
                }
                out.append(element);
            }
        }
        String property = message.getProperty();
        if (property != null && ("required".equals(message.getType()) || "additionalProperties".equals(message.getType()))) {
            if (out.length() > 0) {
                out.append('.');
            }
            out.append(property);
        }
        return out.toString();
    }

    private static String describe(ValidationMessage message) {
        return field(message) + ": " + what(message);
    }

    private static String what(ValidationMessage message) {
        return switch (message.getType()) {
            case "required" -> "is required";
            case "additionalProperties" -> "is not a known field";
            default -> message.getError();
        };
    }
}
