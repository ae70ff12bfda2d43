package com.lenz.central.events;

import java.util.List;

/** Told about events once they are stored (event triggers start workflows from here). */
public interface EventListener {

    /** Whether any of a batch's events could interest this listener; when none does, ingest skips it. */
    boolean isListening();

    /** Called after the batch is committed, on the ingesting thread: hand work off, do not block. */
    void onStored(List<StoredEvent> events);
}
