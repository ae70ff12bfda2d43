--liquibase formatted sql

--changeset lenz:003-ces-nodes
-- Every CES node the master knows: slaves as they last reported (POST /api/ces/metrics) and the
-- master itself (is_master), whose row is registered at start and shown with live values.
-- last_heartbeat is stamped with the master's clock, never the sender's.
CREATE TABLE ces_nodes (
    id               TEXT PRIMARY KEY,
    name             TEXT        NOT NULL,
    ip_address       TEXT        NOT NULL,
    total_enrollment BIGINT      NOT NULL DEFAULT 0 CHECK (total_enrollment >= 0),
    is_master        BOOLEAN     NOT NULL DEFAULT false,
    custom_fields    JSONB       NOT NULL DEFAULT '{}'::jsonb,
    last_heartbeat   TIMESTAMPTZ NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    updated_at       TIMESTAMPTZ NOT NULL
);
-- Reports without an id are matched by name.
CREATE INDEX ces_nodes_name_idx ON ces_nodes (name);
