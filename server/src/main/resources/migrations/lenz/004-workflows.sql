--liquibase formatted sql

--changeset lenz:004-workflows
-- A workflow: its trigger (type in a column of its own, so that the schedulers can find theirs) and its
-- chain of nodes, kept as the JSON the API shows.
CREATE TABLE workflows (
    id             TEXT PRIMARY KEY,
    name           TEXT        NOT NULL,
    description    TEXT,
    is_active      BOOLEAN     NOT NULL DEFAULT true,
    trigger_type   TEXT        NOT NULL CHECK (trigger_type IN ('manual', 'schedule', 'webhook', 'event')),
    trigger_config JSONB       NOT NULL DEFAULT '{}',
    nodes          JSONB       NOT NULL DEFAULT '[]',
    created_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at     TIMESTAMPTZ
);
CREATE INDEX workflows_created_at_idx ON workflows (created_at DESC, id DESC);
CREATE INDEX workflows_active_trigger_idx ON workflows (trigger_type) WHERE is_active;

--changeset lenz:004-workflow-executions
-- One run of a workflow, written when it starts and updated when it ends. A running execution's server
-- stamps heartbeat_at periodically; one whose stamp is stale was left by a server that died and is
-- closed as failed by any live server. cancel_reason (set through any server) reaches the one running it.
CREATE TABLE workflow_executions (
    id               TEXT PRIMARY KEY,
    workflow_id      TEXT        NOT NULL REFERENCES workflows (id) ON DELETE CASCADE,
    trigger_type     TEXT        NOT NULL,
    triggered_by     TEXT,
    status           TEXT        NOT NULL CHECK (status IN ('running', 'success', 'failed', 'cancelled')),
    started_at       TIMESTAMPTZ NOT NULL,
    finished_at      TIMESTAMPTZ,
    error            TEXT,
    heartbeat_at     TIMESTAMPTZ NOT NULL DEFAULT now(),
    cancel_reason    TEXT
);
CREATE INDEX workflow_executions_workflow_idx ON workflow_executions (workflow_id, started_at DESC, id DESC);
CREATE INDEX workflow_executions_running_idx ON workflow_executions (heartbeat_at) WHERE status = 'running';

--changeset lenz:004-workflow-node-results
-- What each node of an execution did, in workflow order: a row when the node starts, updated when it ends.
CREATE TABLE workflow_node_results (
    execution_id TEXT    NOT NULL REFERENCES workflow_executions (id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    node_id      TEXT    NOT NULL,
    node_type    TEXT    NOT NULL,
    node_name    TEXT,
    status       TEXT    NOT NULL CHECK (status IN ('running', 'success', 'failed', 'skipped', 'cancelled')),
    attempts     INTEGER NOT NULL DEFAULT 0,
    started_at   TIMESTAMPTZ,
    finished_at  TIMESTAMPTZ,
    output       JSONB,
    error        TEXT,
    PRIMARY KEY (execution_id, position)
);
