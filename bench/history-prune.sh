#!/usr/bin/env bash
# Pruning 5 million expired executions while webhook (last_node) → set runs at full speed: the live
# p50/p99 with pruning held off (this script holds the prune advisory lock, as another server would)
# and then while the server prunes, each beside GET /api/ces/ping, with CPU per request; then how fast
# the 5 million go (the server's history.pruned.executions meter) and a run after they are gone.
# Usage: bench/history-prune.sh [duration, default 20s] [connections, default 20] [rows, default 5000000]
# Ports: HTTP_PORT=22015 ADMIN_PORT=22016 EMBEDDED_DB_PORT=22432 unless set. PRUNE_WAIT: seconds to wait
# for the backlog to go (default 1200). WARMUP: wrk warm-up before the first run (default 30s).
export HTTP_PORT=${HTTP_PORT:-22015} ADMIN_PORT=${ADMIN_PORT:-22016} EMBEDDED_DB_PORT=${EMBEDDED_DB_PORT:-22432}
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/history-lib.sh"
DURATION=${1:-20s}
CONNECTIONS=${2:-20}
ROWS=${3:-5000000}
export EXECUTIONS_RETENTION=30d EVENTS_RETENTION=0 EXPORTS_RETENTION=0
require_tools
start_server

# Hold the prune lock (as a server pruning elsewhere would) until the baseline is measured.
PGAPPNAME=bench-prune-lock psql_lenz -c "SELECT pg_advisory_lock($PRUNE_LOCK)" -c "SELECT pg_sleep(100000)" >/dev/null 2>&1 &
until [ "$(psql_lenz -At -c "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted")" -gt 0 ]; do sleep 0.2; done
started=$(date +%s)
seed_history "$ROWS" 3000 30 31    # started 31 to 61 days ago: all past the 30-day retention
echo "seeded $(psql_lenz -At -c 'SELECT count(*) FROM workflow_executions') expired executions in $(( $(date +%s) - started )) s;" \
  "database $(psql_lenz -At -c "SELECT pg_size_pretty(pg_database_size('lenz'))")"

TOKEN=$(admin_token)
create_webhook_set
URL="$BASE/api/hooks/$HOOK_ID"
LUA="$(dirname "$0")/webhook-set.lua"
pruned() {
  curl -fs "http://localhost:$ADMIN_PORT/metrics" | python3 -c 'import json,sys; print(json.load(sys.stdin)["meters"]["history.pruned.executions"]["count"])'
}
wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-30s}" -s "$LUA" "$URL" >/dev/null   # warm-up (JIT): 10 s left the first run cold

echo "== pruning held off (lock held), pruned so far: $(pruned)"
measure "webhook→set c=$CONNECTIONS, no pruning" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$LUA" "$URL"
measure "GET /api/ces/ping c=$CONNECTIONS" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/api/ces/ping"

psql_lenz -At -c "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'bench-prune-lock'" >/dev/null
prune_start=$(date +%s)
until [ "$(pruned)" -gt 0 ]; do sleep 0.5; done   # the next pass (within a minute)
echo "== pruning started $(( $(date +%s) - prune_start )) s after the lock was released"
p0=$(pruned); t0=$(date +%s)
measure "webhook→set c=$CONNECTIONS, pruning" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$LUA" "$URL"
p1=$(pruned); t1=$(date +%s)
echo "pruned during the live run: $((p1 - p0)) in $((t1 - t0)) s ($(( (p1 - p0) / (t1 - t0 > 0 ? t1 - t0 : 1) ))/s)"
measure "GET /api/ces/ping c=$CONNECTIONS" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/api/ces/ping"

deadline=$(( $(date +%s) + ${PRUNE_WAIT:-1200} ))
while [ "$(pruned)" -lt "$ROWS" ] && [ "$(date +%s)" -lt "$deadline" ]; do
  sleep 15
  echo "  $(date +%T) pruned $(pruned) of $ROWS   load $(cut -d' ' -f1-3 /proc/loadavg)"
done
p2=$(pruned); t2=$(date +%s)
echo "== pruned $p2 of $ROWS in $((t2 - t0)) s since the first batch: $(( p2 / (t2 - t0 > 0 ? t2 - t0 : 1) ))/s on average"
echo "health: $(curl -s "http://localhost:$ADMIN_PORT/healthcheck" | python3 -c 'import json,sys; print(json.load(sys.stdin)["history-pruning"])')"
measure "webhook→set c=$CONNECTIONS, after" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$LUA" "$URL"
measure "GET /api/ces/ping c=$CONNECTIONS" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/api/ces/ping"
