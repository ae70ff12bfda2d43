--liquibase formatted sql

--changeset lenz:013-history-execution-indexes runInTransaction:false
-- GET /api/executions lists every workflow's executions newest first, optionally by status or trigger
-- type; the same order serves the retention pruner, which deletes from the oldest end. Each index keeps
-- "the newest 50 matching rows" a short index walk at 10 million executions (bench/README.md, history).
-- The per-workflow index (004) serves GET /api/workflows/{id}/logs with the same filters. CONCURRENTLY:
-- on a database that already holds millions of executions, other servers keep writing while they build.
CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_executions_started_idx ON workflow_executions (started_at DESC, id DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_executions_status_started_idx ON workflow_executions (status, started_at DESC, id DESC);
CREATE INDEX CONCURRENTLY IF NOT EXISTS workflow_executions_trigger_started_idx ON workflow_executions (trigger_type, started_at DESC, id DESC);
