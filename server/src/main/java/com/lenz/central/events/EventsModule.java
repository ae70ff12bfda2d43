package com.lenz.central.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.lenz.central.events.api.EventResource;
import com.lenz.central.events.core.EventIngestService;
import com.lenz.central.events.db.EventStore;
import io.dropwizard.core.setup.Environment;
import org.jdbi.v3.core.Jdbi;

/** Events: ingest and history endpoints; other features listen to the ingest service. */
public final class EventsModule {

    private final EventStore store;
    private final EventIngestService ingest;

    public EventsModule(Jdbi lenz, ObjectMapper json) {
        store = new EventStore(lenz);
        ingest = new EventIngestService(store, json);
    }

    public void register(Environment env) {
        env.jersey().register(new EventResource(ingest));
    }

    public EventIngestService ingest() {
        return ingest;
    }

    /** The events' store: event triggers queue their runs in the transaction that inserts the events. */
    public EventStore store() {
        return store;
    }
}
