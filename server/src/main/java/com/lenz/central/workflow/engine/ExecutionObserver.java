package com.lenz.central.workflow.engine;

import com.lenz.central.workflow.core.Execution;
import com.lenz.central.workflow.core.RunStatus;
import java.time.Duration;

/**
 * Told what the engine did, for metrics: the engine calls it and knows nothing of what it records. Calls
 * come from the execution threads and must return at once.
 */
public interface ExecutionObserver {

    ExecutionObserver NONE = new ExecutionObserver() {
    };

    /** A node ended (not for nodes skipped without running); {@code took} from its start to its end. */
    default void nodeEnded(String nodeType, RunStatus status, Duration took) {
    }

    /** An execution ended with {@code execution}'s status. */
    default void executionEnded(Execution execution) {
    }
}
