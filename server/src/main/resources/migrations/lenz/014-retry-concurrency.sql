--liquibase formatted sql

--changeset lenz:014-workflow-max-concurrent
-- At most this many executions of the workflow run at once (null: no limit). A start counts the running
-- executions of the workflow while holding its row locked, so servers sharing this database agree.
ALTER TABLE workflows ADD COLUMN max_concurrent INTEGER CHECK (max_concurrent >= 1);
CREATE INDEX workflow_executions_running_workflow_idx ON workflow_executions (workflow_id) WHERE status = 'running';

--changeset lenz:014-execution-retry
-- retry_of: the execution a retry started from (no foreign key: pruning the original keeps the retry).
-- trigger_data and node_hashes are what a retry needs (the original's {{trigger}} and a fingerprint of each
-- node definition it ran with); written only when an execution ends without success, the only ones retried.
ALTER TABLE workflow_executions ADD COLUMN retry_of TEXT;
ALTER TABLE workflow_executions ADD COLUMN trigger_data JSONB;
ALTER TABLE workflow_executions ADD COLUMN node_hashes TEXT[];
-- A node result copied from an earlier execution by a retry names the execution where the node really ran.
ALTER TABLE workflow_node_results ADD COLUMN reused_from TEXT;

--changeset lenz:014-event-trigger-skips
-- Event-trigger runs that were not started because the workflow was at its max_concurrent (outcome
-- skipped_busy), as schedule_claims records skipped occurrences; kept 7 days.
CREATE TABLE event_trigger_skips (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    workflow_id TEXT        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    event_id    BIGINT      NOT NULL,
    outcome     TEXT        NOT NULL,
    skipped_by  TEXT        NOT NULL,
    skipped_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX event_trigger_skips_workflow_idx ON event_trigger_skips (workflow_id, skipped_at);
CREATE INDEX event_trigger_skips_skipped_at_idx ON event_trigger_skips (skipped_at);
