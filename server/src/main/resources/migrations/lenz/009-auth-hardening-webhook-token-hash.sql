--liquibase formatted sql

--changeset lenz:009-webhook-token-sha256
-- Webhook tokens were stored as sent in trigger_config.token; from now on only their SHA-256 is kept,
-- as hex in trigger_config.token_sha256 (the server hashes the same way: UTF-8 bytes, lower-case hex).
-- sha256() is built into PostgreSQL 11+, no pgcrypto needed.
UPDATE workflows
SET trigger_config = (trigger_config - 'token')
        || jsonb_build_object('token_sha256', encode(sha256(convert_to(trigger_config ->> 'token', 'UTF8')), 'hex'))
WHERE trigger_type = 'webhook' AND jsonb_typeof(trigger_config -> 'token') = 'string';
