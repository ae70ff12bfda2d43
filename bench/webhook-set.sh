#!/usr/bin/env bash
# Executions per second of a webhook with response "last_node" running one set node (every execution
# persisted), at 20 and 50 connections, side by side with GET /api/ces/ping in the same run: the
# scenario n8n publishes (220 executions/s on 2 vCPU).
# Usage: bench/webhook-set.sh [duration, default 20s]
source "$(dirname "$0")/lib.sh"
DURATION=${1:-20s}
require_tools
start_server
TOKEN=$(admin_token)
create_webhook_set
URL="$BASE/api/hooks/$HOOK_ID"
curl -fs -X POST "$URL" -H "X-Webhook-Token: $HOOK_TOKEN" -H 'Content-Type: application/json' -d '{"name":"warm","camera":"cam-01"}' >/dev/null
wrk -t2 -c20 -d10s -s "$(dirname "$0")/webhook-set.lua" "$URL" >/dev/null   # warm-up (JIT)
# Each figure beside ping at the same connection count, with the CPU (JVM + PostgreSQL) per request:
# "pings' worth" of an execution is its CPU over ping's.
for c in ${CONNECTION_COUNTS:-20 50}; do
  t0=$(cpu_ticks)
  out=$(wrk -t2 -c"$c" -d"$DURATION" --latency -s "$(dirname "$0")/webhook-set.lua" "$URL")
  t1=$(cpu_ticks)
  ping=$(wrk -t2 -c"$c" -d"$DURATION" --latency "$BASE/api/ces/ping")
  t2=$(cpu_ticks)
  wrk_summary "webhook last_node→set c=$c" "$out"
  wrk_summary "GET /api/ces/ping c=$c" "$ping"
  n_hook=$(echo "$out" | awk '/requests in/ {print $1}')
  n_ping=$(echo "$ping" | awk '/requests in/ {print $1}')
  cpu_per_op "webhook last_node→set c=$c" "$t0" "$t1" "$n_hook"
  cpu_per_op "GET /api/ces/ping c=$c" "$t1" "$t2" "$n_ping"
  awk -v a=$((t1 - t0)) -v b=$((t2 - t1)) -v na="$n_hook" -v nb="$n_ping" \
    'BEGIN { if (b > 0 && na > 0) printf "an execution costs %.1f pings of CPU (c=%s)\n", (a / na) / (b / nb), '"$c"' }'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# Counted in the database: the API's total_data is exact only up to 10,000 (an estimate beyond).
echo "executions persisted: $(psql -h localhost -p "$EMBEDDED_DB_PORT" -U postgres -d lenz -At -c \
  "SELECT count(*) || ' (' || count(*) FILTER (WHERE status = 'success') || ' successful), node results: '
          || (SELECT count(*) FROM workflow_node_results r JOIN workflow_executions x ON x.id = r.execution_id
              WHERE x.workflow_id = '$HOOK_ID')
   FROM workflow_executions WHERE workflow_id = '$HOOK_ID'")"
