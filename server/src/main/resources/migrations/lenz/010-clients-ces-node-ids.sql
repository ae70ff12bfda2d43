--liquibase formatted sql

--changeset lenz:010-clients-ces-node-ids
-- CES node ids compare case-insensitively: a report of A1B2C3D4 is node a1b2c3d4. Rows stored before
-- whose ids differ only in case are one node: the master's row is kept, else the one heard last (then
-- the greatest id, for a tie), and the others are removed. Then one row per lower-cased id, which the
-- reports' upsert uses as its conflict target.
DELETE FROM ces_nodes n USING ces_nodes keep
WHERE lower(n.id) = lower(keep.id) AND n.id <> keep.id
  AND (keep.is_master, keep.last_heartbeat, keep.id) > (n.is_master, n.last_heartbeat, n.id);
CREATE UNIQUE INDEX ces_nodes_id_lower_idx ON ces_nodes (lower(id));
