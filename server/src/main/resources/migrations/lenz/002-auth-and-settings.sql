--liquibase formatted sql

--changeset lenz:002-users
CREATE TABLE users (
    id            TEXT PRIMARY KEY,
    username      TEXT        NOT NULL,
    email         TEXT,
    name          TEXT        NOT NULL,
    role          TEXT        NOT NULL CHECK (role IN ('admin', 'viewer')),
    password_hash TEXT        NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username_key ON users (lower(username));
CREATE UNIQUE INDEX users_email_key ON users (lower(email)) WHERE email IS NOT NULL;

--changeset lenz:002-auth-sessions
-- One row per login. The refresh token is stored as a SHA-256 hash and rotated on every refresh;
-- access tokens name their session (claim "sid"), so logout ends both.
CREATE TABLE auth_sessions (
    id           TEXT PRIMARY KEY,
    user_id      TEXT        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    refresh_hash TEXT        NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    revoked_at   TIMESTAMPTZ,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX auth_sessions_user_id_idx ON auth_sessions (user_id);

--changeset lenz:002-server-settings
-- Values the server generates once and keeps (this node's CES id, ...).
CREATE TABLE server_settings (
    key        TEXT PRIMARY KEY,
    value      TEXT        NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
