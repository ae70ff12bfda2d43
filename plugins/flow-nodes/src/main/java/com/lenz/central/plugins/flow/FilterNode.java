package com.lenz.central.plugins.flow;

import com.lenz.central.plugin.api.ActionNode;
import com.lenz.central.plugin.api.NodeConfigException;
import com.lenz.central.plugin.api.NodeContext;
import com.lenz.central.plugin.api.NodeDescriptor;
import com.lenz.central.plugin.api.NodeResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.pf4j.Extension;

/**
 * {@code filter}: lets the run go on only when its conditions hold; otherwise the run ends as
 * {@code success} and the later nodes are {@code skipped} with {@code "filtered out"}.
 *
 * <pre>{@code
 * {"conditions": [
 *    {"left": "{{trigger.event.data.similarity}}", "operator": "gte", "right": 0.8},
 *    {"left": "{{trigger.event.data.status}}", "operator": "eq", "right": "blacklist"}],
 *  "combine": "all"}
 * }</pre>
 * Operators: eq, ne, gt, gte, lt, lte, contains, matches (RE2J, linear time), exists, empty.
 * Output: {@code {"passed": true}} (or false when it ends the run).
 */
@Extension
public class FilterNode implements ActionNode {

    static final String FILTERED_OUT = "filtered out";
    /** How conditions combine, the default first; the schema is built from this list and the operators. */
    static final List<String> COMBINE = List.of("all", "any");
    static final String SCHEMA = """
            {
              "type": "object",
              "required": ["conditions"],
              "properties": {
                "conditions": {
                  "type": "array",
                  "minItems": 1,
                  "items": {
                    "type": "object",
                    "required": ["left", "operator"],
                    "properties": {
                      "left": {},
                      "operator": {"enum": [%s]},
                      "right": {}
                    }
                  }
                },
                "combine": {"enum": [%s], "default": "%s"}
              }
            }""".formatted(quoted(Condition.OPERATORS), quoted(COMBINE), COMBINE.get(0));

    @Override
    public String type() {
        return "filter";
    }

    @Override
    public NodeDescriptor descriptor() {
        return new NodeDescriptor("Filter",
                "Goes on only when the conditions hold (all or any); otherwise the run ends as success, the rest skipped.",
                SCHEMA);
    }

    @Override
    public void validate(Map<String, Object> config) throws NodeConfigException {
        conditions(config);
        combine(config);
    }

    @Override
    public NodeResult execute(NodeContext context) throws NodeConfigException {
        List<Condition> conditions = conditions(context.config());
        boolean any = "any".equals(combine(context.config()));
        boolean passed = !any;
        for (Condition condition : conditions) {
            boolean holds = condition.holds();
            if (any && holds) {
                passed = true;
                break;
            }
            if (!any && !holds) {
                passed = false;
                break;
            }
        }
        Map<String, Object> output = Map.of("passed", passed);
        return passed ? NodeResult.of(output) : NodeResult.endingRun(output, FILTERED_OUT);
    }

    private static List<Condition> conditions(Map<String, Object> config) throws NodeConfigException {
        if (!(config.get("conditions") instanceof List<?> raw) || raw.isEmpty()) {
            throw new NodeConfigException("conditions", "must be a non-empty list of {left, operator, right}");
        }
        List<Condition> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            out.add(Condition.parse(raw.get(i), i));
        }
        return out;
    }

    private static String combine(Map<String, Object> config) throws NodeConfigException {
        Object combine = config.getOrDefault("combine", COMBINE.get(0));
        if (!COMBINE.contains(combine)) {
            throw new NodeConfigException("combine", "must be " + String.join(" or ", COMBINE));
        }
        return combine.toString();
    }

    /** {@code "a", "b"}: strings as the items of a JSON array (the names here need no escaping). */
    private static String quoted(List<String> names) {
        return "\"" + String.join("\", \"", names) + "\"";
    }
}
