package com.lenz.central.events;

/** Told when stored events queued workflow runs (event triggers), so that they start without delay. */
public interface EventListener {

    /** Called after the batch is committed, on the ingesting thread: hand work off, do not block. */
    void onTriggersQueued(int count);

    /** Called after a batch of {@code count} events is committed (metrics); do not block. */
    default void onStored(int count) {
    }
}
