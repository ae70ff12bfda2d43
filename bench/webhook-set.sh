#!/usr/bin/env bash
# Executions per second of a webhook with response "last_node" running one set node (every execution
# persisted), at 20 and 50 connections, side by side with GET /api/ces/ping in the same run: the
# scenario n8n publishes (220 executions/s on 2 vCPU).
# Also, as a floor, the same POST to a webhook workflow that is not active: it is checked (workflow, token)
# and answered 409 before any run, so its CPU is what the HTTP call itself costs, without the run and its write.
# Usage: [WARMUP=30s] [CONNECTION_COUNTS="20 50"] bench/webhook-set.sh [duration, default 20s]
source "$(dirname "$0")/lib.sh"
DURATION=${1:-20s}
require_tools
start_server
TOKEN=$(admin_token)
create_webhook_set
URL="$BASE/api/hooks/$HOOK_ID"
INACTIVE_ID=$(curl -fs -X POST "$BASE/api/workflows" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{
  "name": "bench webhook, inactive", "is_active": false,
  "trigger_node": {"type": "webhook", "config": {"token": "'"$HOOK_TOKEN"'", "response": "last_node"}},
  "nodes": [{"id": "node-set", "type": "set", "name": "set", "config": {"values": {"greeting": "Halo"}}}]}' \
  | sed -E 's/.*"data":\{"id":"([^"]+)".*/\1/')
curl -fs -X POST "$URL" -H "X-Webhook-Token: $HOOK_TOKEN" -H 'Content-Type: application/json' -d '{"name":"warm","camera":"cam-01"}' >/dev/null
# Warm-up (JIT): after 10 s an execution still cost 3-4 times what it costs after 30 s on these 2 cores.
wrk -t2 -c20 -d"${WARMUP:-30s}" -s "$(dirname "$0")/webhook-set.lua" "$URL" >/dev/null
wrk -t2 -c20 -d5s -s "$(dirname "$0")/webhook-set.lua" "$BASE/api/hooks/$INACTIVE_ID" >/dev/null
wrk -t2 -c20 -d5s "$BASE/api/ces/ping" >/dev/null
# measure NAME wrk-args...: runs wrk, prints its summary and CPU per request (JVM + PostgreSQL, and apart);
# sets CPU_NS to the total per request in nanoseconds.
measure() {
  local name=$1; shift
  local j0 p0 j1 p1 out n
  j0=$(jvm_ticks); p0=$(pg_ticks)
  out=$(wrk -t2 -c"$c" -d"$DURATION" --latency "$@")
  j1=$(jvm_ticks); p1=$(pg_ticks)
  n=$(echo "$out" | awk '/requests in/ {print $1}')
  wrk_summary "$name" "$out"
  cpu_per_op "$name" 0 $((j1 - j0 + p1 - p0)) "$n"
  awk -v j=$((j1 - j0)) -v p=$((p1 - p0)) -v n="$n" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (n > 0) printf "%-28s   of which JVM %.3f ms, PostgreSQL %.3f ms\n", "", j * 1000 / hz / n, p * 1000 / hz / n }'
  CPU_NS=$(awk -v t=$((j1 - j0 + p1 - p0)) -v n="$n" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%d", (n > 0 ? t * 1e9 / hz / n : 0) }')
}
# Each figure beside ping at the same connection count: "pings' worth" of an execution is its CPU over ping's.
for c in ${CONNECTION_COUNTS:-20 50}; do
  measure "webhook last_node→set c=$c" -s "$(dirname "$0")/webhook-set.lua" "$URL"; hook=$CPU_NS
  measure "same, inactive (409) c=$c" -s "$(dirname "$0")/webhook-set.lua" "$BASE/api/hooks/$INACTIVE_ID"; floor=$CPU_NS
  measure "GET /api/ces/ping c=$c" "$BASE/api/ces/ping"; ping=$CPU_NS
  awk -v a="$hook" -v f="$floor" -v p="$ping" -v c="$c" 'BEGIN { if (p > 0) printf "an execution costs %.1f pings of CPU, the same call refused before its run %.1f (c=%s)\n", a / p, f / p, c }'
done
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
# Counted in the database: the API's total_data is exact only up to 10,000 (an estimate beyond).
echo "executions persisted: $(psql -h localhost -p "$EMBEDDED_DB_PORT" -U postgres -d lenz -At -c \
  "SELECT count(*) || ' (' || count(*) FILTER (WHERE status = 'success') || ' successful), node results: '
          || (SELECT count(*) FROM workflow_node_results r JOIN workflow_executions x ON x.id = r.execution_id
              WHERE x.workflow_id = '$HOOK_ID')
   FROM workflow_executions WHERE workflow_id = '$HOOK_ID'")"
