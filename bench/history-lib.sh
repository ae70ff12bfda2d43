#!/usr/bin/env bash
# Helpers of the execution-history benchmarks (executions-list.sh, history-prune.sh), after lib.sh.

PRUNE_LOCK=5495885069942346580   # HistoryPruneStore's advisory lock ("LENZHIST")

psql_lenz() {
  psql -q -X -h 127.0.0.1 -p "$EMBEDDED_DB_PORT" -U postgres -d lenz -v ON_ERROR_STOP=1 "$@"
}

# measure NAME wrk-args...: one wrk run, its summary line plus the server's and PostgreSQL's CPU per request.
measure() {
  local name=$1; shift
  local before after out requests
  before=$(cpu_ticks)
  out=$(wrk "$@")
  after=$(cpu_ticks)
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  printf '%s   CPU/request %s ms   load %s\n' "$(wrk_summary "$name" "$out")" \
    "$(awk -v t=$((after - before)) -v n="${requests:-0}" -v hz="$(getconf CLK_TCK)" 'BEGIN { if (n > 0) printf "%.2f", t * 1000 / hz / n; else print "-" }')" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
}

# seed_history ROWS WORKFLOWS DAYS [AGE_DAYS]: ROWS ended executions spread evenly over DAYS days, the newest
# AGE_DAYS (default 0) days ago, on WORKFLOWS workflows (wf-0 ...), 3 % failed, 1 % cancelled, the four trigger
# types in turn; one node result each for the newest fifth. Loaded as a bulk load is (secondary indexes
# dropped and built again after, FK triggers off for the session), then vacuumed and analysed.
seed_history() {
  local rows=$1 workflows=$2 days=$3 age=${4:-0}
  psql_lenz <<SQL
SET session_replication_role = replica;
SET maintenance_work_mem = '512MB';
INSERT INTO workflows (id, name, trigger_type, nodes)
  SELECT 'wf-' || w, 'bench ' || w, 'manual', '[{"id":"a","type":"set","name":"a","config":{"values":{"x":1}}}]'
  FROM generate_series(0, $workflows - 1) AS w ON CONFLICT DO NOTHING;
DROP INDEX IF EXISTS workflow_executions_workflow_idx, workflow_executions_started_idx,
  workflow_executions_status_started_idx, workflow_executions_trigger_started_idx;
INSERT INTO workflow_executions (id, workflow_id, trigger_type, triggered_by, status, started_at, finished_at, error)
  SELECT 'seed-$age-' || i, 'wf-' || (i % $workflows), (ARRAY['manual', 'schedule', 'webhook', 'event'])[1 + (i / 7) % 4],
         'bench', CASE WHEN i % 100 < 3 THEN 'failed' WHEN i % 100 = 3 THEN 'cancelled' ELSE 'success' END, t, t + interval '40 ms',
         CASE WHEN i % 100 < 3 THEN 'boom' END
  FROM generate_series(1, $rows) AS i,
       LATERAL (SELECT now() - interval '$age days' - interval '$days days' * (1 - i::float8 / $rows) AS t) AS s;
INSERT INTO workflow_node_results (execution_id, position, node_id, node_type, node_name, status, attempts, started_at,
                                   finished_at, output)
  SELECT 'seed-$age-' || i, 0, 'a', 'set', 'a', 'success', 1, now(), now(), '{"x": 1}'
  FROM generate_series($rows * 4 / 5, $rows) AS i;
CREATE INDEX workflow_executions_workflow_idx ON workflow_executions (workflow_id, started_at DESC, id DESC);
CREATE INDEX workflow_executions_started_idx ON workflow_executions (started_at DESC, id DESC);
CREATE INDEX workflow_executions_status_started_idx ON workflow_executions (status, started_at DESC, id DESC);
CREATE INDEX workflow_executions_trigger_started_idx ON workflow_executions (trigger_type, started_at DESC, id DESC);
SQL
  psql_lenz -c "VACUUM ANALYZE workflow_executions" -c "VACUUM ANALYZE workflow_node_results" -c "VACUUM ANALYZE workflows"
}
