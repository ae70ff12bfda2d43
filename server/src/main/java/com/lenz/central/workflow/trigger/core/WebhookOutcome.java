package com.lenz.central.workflow.trigger.core;

import com.lenz.central.workflow.core.RunStatus;

/** What a webhook call came to; the endpoint turns it into the answer (status and envelope). */
public sealed interface WebhookOutcome {

    /** The run started; the caller does not wait for it ({@code response: "accepted"}). */
    record Accepted(String executionId, String workflowId, RunStatus status) implements WebhookOutcome {
    }

    /** The run succeeded; {@code output} is the last successful node's output. */
    record Finished(Object output) implements WebhookOutcome {
    }

    /** The run ended without success. */
    record Failed(String executionId, RunStatus status, String error) implements WebhookOutcome {
    }

    /** The run did not end within {@code timeoutMs}; it goes on. */
    record StillRunning(String executionId, RunStatus status, long timeoutMs) implements WebhookOutcome {
    }
}
