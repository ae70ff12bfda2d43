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
                      "operator": {"enum": ["eq", "ne", "gt", "gte", "lt", "lte", "contains", "matches", "exists", "empty"]},
                      "right": {}
                    }
                  }
                },
                "combine": {"enum": ["all", "any"], "default": "all"}
              }
            }""";

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
        Object combine = config.getOrDefault("combine", "all");
        if (!"all".equals(combine) && !"any".equals(combine)) {
            throw new NodeConfigException("combine", "must be all or any");
        }
        return combine.toString();
    }
}
