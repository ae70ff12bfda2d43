--liquibase formatted sql

--changeset lenz:007-credentials
-- Secrets that nodes use (Telegram bot tokens, HTTP headers). data_enc is AES-256-GCM:
-- 12-byte nonce followed by ciphertext and tag, with the credential's id as associated data.
CREATE TABLE credentials (
    id         TEXT PRIMARY KEY,
    name       TEXT        NOT NULL,
    type       TEXT        NOT NULL,
    data_enc   BYTEA       NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ
);
CREATE INDEX credentials_created_at_idx ON credentials (created_at DESC);
