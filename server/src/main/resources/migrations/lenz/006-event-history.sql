--liquibase formatted sql

--changeset lenz:006-event-history
-- Analytics events (face recognition and others) ingested through POST /api/events. Read by time
-- range per analytic type (exports, GET /api/events), newest or oldest first.
CREATE TABLE event_history (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    analytic_type TEXT        NOT NULL,
    stream_id     TEXT,
    event_time    TIMESTAMPTZ NOT NULL,
    data          JSONB       NOT NULL DEFAULT '{}'::jsonb,
    received_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX event_history_type_time_idx ON event_history (analytic_type, event_time, id);
CREATE INDEX event_history_time_idx ON event_history (event_time, id);
