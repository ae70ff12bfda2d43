--liquibase formatted sql

--changeset lenz:008-schedule-claims
-- Every occurrence of a schedule is claimed here before it runs: the insert that wins the primary key
-- runs it, so servers sharing this database never run an occurrence twice. outcome says what became
-- of it: started, skipped_running (the previous run was still going), skipped_missed (found more than
-- the misfire threshold late), skipped_busy (the execution pool was full).
CREATE TABLE schedule_claims (
    workflow_id   TEXT        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    scheduled_for TIMESTAMPTZ NOT NULL,
    claimed_by    TEXT        NOT NULL,
    claimed_at    TIMESTAMPTZ NOT NULL DEFAULT now(),
    outcome       TEXT        NOT NULL DEFAULT 'claimed',
    execution_id  TEXT,
    PRIMARY KEY (workflow_id, scheduled_for)
);
CREATE INDEX schedule_claims_claimed_at_idx ON schedule_claims (claimed_at);

--changeset lenz:008-event-trigger-queue
-- Events that matched an active event-triggered workflow, queued in the same statement that stored
-- them, so that no trigger is lost to a burst or a crash. A server claims rows, starts the executions
-- and deletes the rows; claims older than a few minutes (a server died) are taken over.
CREATE TABLE event_trigger_queue (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow_id TEXT        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    event_id    BIGINT      NOT NULL REFERENCES event_history (id) ON DELETE CASCADE,
    queued_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    claimed_by  TEXT,
    claimed_at  TIMESTAMPTZ
);
CREATE INDEX workflows_event_type_idx ON workflows ((trigger_config ->> 'analytic_type'))
    WHERE is_active AND trigger_type = 'event';
