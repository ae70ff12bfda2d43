package com.lenz.central.workflow.api;

import com.lenz.central.core.DomainException;
import com.lenz.central.http.QueryValues;
import com.lenz.central.workflow.core.ExecutionFilter;
import com.lenz.central.workflow.core.RunStatus;
import java.util.List;
import java.util.Locale;

/**
 * The filters of the execution lists ({@code GET /api/executions}, {@code GET /api/workflows/{id}/logs}),
 * from their query parameters; each bad value is a 400 naming its parameter.
 */
public final class ExecutionQuery {

    private static final List<String> STATUSES = List.of("running", "success", "failed", "cancelled");
    private static final List<String> TRIGGER_TYPES = List.of("manual", "schedule", "webhook", "event");

    private ExecutionQuery() {
    }

    public static ExecutionFilter parse(String workflowId, String status, String triggerType, String from, String to) {
        QueryValues.TimeRange window = QueryValues.timeRange(from, to);
        String workflow = QueryValues.text(workflowId);
        if (workflow != null && workflow.length() > 200) {
            throw DomainException.invalid("workflow_id must be at most 200 characters");
        }
        return new ExecutionFilter(workflow, oneOf("status", status, STATUSES) == null ? null
                : RunStatus.of(status.trim().toLowerCase(Locale.ROOT)), oneOf("trigger_type", triggerType, TRIGGER_TYPES),
                window.from(), window.to());
    }

    private static String oneOf(String name, String value, List<String> allowed) {
        String v = QueryValues.text(value);
        if (v == null) {
            return null;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            throw DomainException.invalid(name + " must be one of " + String.join(", ", allowed));
        }
        return lower;
    }
}
