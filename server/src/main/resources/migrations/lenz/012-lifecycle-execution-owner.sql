--liquibase formatted sql

--changeset lenz:012-execution-owner
-- The server that runs an execution (its identity survives restarts): a server that comes back after a
-- crash closes the running executions it owned at once, instead of waiting for their heartbeat to go stale.
-- Rows written before this column existed have none and are left to the heartbeat check.
ALTER TABLE workflow_executions ADD COLUMN server_id TEXT;
CREATE INDEX workflow_executions_owner_idx ON workflow_executions (server_id) WHERE status = 'running';
