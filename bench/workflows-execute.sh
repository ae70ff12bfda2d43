#!/usr/bin/env bash
# POST /api/workflows/{id}/execute under load: a three-node workflow of trivial nodes (the bundled `set`,
# passing values along with templates), each request waiting for the finished execution, every
# execution and node result written to PostgreSQL. Prints executions/s, p50/p99, and checks that the
# executions stored match the requests answered.
# Also prints the CPU time the server and its PostgreSQL spent per execution, which tells what the
# code costs even when other processes share the cores.
# Usage: [WARMUP=20s] bench/workflows-execute.sh [duration, default 20s] [connections, default 32]
source "$(dirname "$0")/lib.sh"
DURATION=${1:-20s}
CONNECTIONS=${2:-32}
require_tools
start_server
TOKEN=$(admin_token)

WORKFLOW=$(curl -fs -X POST "$BASE/api/workflows" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{
  "name": "bench three set nodes",
  "trigger_node": {"type": "manual"},
  "nodes": [
    {"id": "first", "type": "set", "config": {"values": {"n": 1, "camera": "cam-01"}}},
    {"id": "second", "type": "set", "config": {"values": {"camera": "{{prev.body.camera}}", "step": 2}}},
    {"id": "third", "type": "set", "config": {"values": {"summary": "{{nodes.first.body.camera}} step {{prev.body.step}}"}}}
  ]}' | sed -E 's/.*"data":\{"id":"([^"]+)".*/\1/')
[ -n "$WORKFLOW" ] || { echo "could not create the workflow" >&2; exit 1; }

SCRIPT=$(mktemp /tmp/lenz-bench-XXXXXX.lua)
cat > "$SCRIPT" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $TOKEN"
wrk.headers["Content-Type"] = "application/json"
LUA
URL="$BASE/api/workflows/$WORKFLOW/execute"
curl -fs -X POST "$URL" -H "Authorization: Bearer $TOKEN" | grep -q '"status":"success"' \
  || { echo "the workflow does not run" >&2; exit 1; }

wrk -t2 -c"$CONNECTIONS" -d"${WARMUP:-20s}" -s "$SCRIPT" "$URL" >/dev/null   # warm-up: the JIT compiles Jersey, Jackson, JDBI...
before=$(curl -fs "$BASE/api/workflows/$WORKFLOW/logs?limit=1" -H "Authorization: Bearer $TOKEN" | sed -E 's/.*"total_data":([0-9]+).*/\1/')
server_before=$(awk '{print $14 + $15}' /proc/$SERVER_PID/stat)
ticks_before=$(cpu_ticks)
out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" -s "$SCRIPT" --latency "$URL")
ticks_after=$(cpu_ticks)
server_after=$(awk '{print $14 + $15}' /proc/$SERVER_PID/stat)
after=$(curl -fs "$BASE/api/workflows/$WORKFLOW/logs?limit=1" -H "Authorization: Bearer $TOKEN" | sed -E 's/.*"total_data":([0-9]+).*/\1/')
rm -f "$SCRIPT"
echo "$out"
echo
requests=$(echo "$out" | awk '/requests in/ {print $1}')
executions=$((after - before))
echo "executions stored during the run: $executions (requests answered: $requests)"
hz=$(getconf CLK_TCK)
awk -v all=$((ticks_after - ticks_before)) -v jvm=$((server_after - server_before)) -v n="$executions" -v hz="$hz" 'BEGIN {
  ms = all * 1000 / hz / n; printf "CPU per execution: %.2f ms (server JVM %.2f ms, PostgreSQL %.2f ms): at most %.0f executions/s on 2 dedicated cores\n",
    ms, jvm * 1000 / hz / n, (all - jvm) * 1000 / hz / n, 2000 / ms }'
echo "load average during the run: $(cut -d' ' -f1-3 /proc/loadavg)"
wrk_summary "POST .../execute (3 nodes)" "$out"
