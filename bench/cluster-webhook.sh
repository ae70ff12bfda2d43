#!/usr/bin/env bash
# N servers on one PostgreSQL: webhook "last_node" → set (every execution persisted) driven through all
# N at once (one wrk per server, CONNS connections in total), and what PostgreSQL committed meanwhile.
# Server 1 runs the embedded PostgreSQL; servers 2..N use it through DATABASE_URL, as separate
# servers on one database do. Needs wrk and psql.
# Usage: bench/cluster-webhook.sh [servers, default 3] [duration, default 20s] [connections in total, default 30]
source "$(dirname "$0")/lib.sh"
N=${1:-3}
DURATION=${2:-20s}
CONNS=${3:-30}
require_tools
command -v psql >/dev/null || { echo "psql is missing: apt-get install -y postgresql-client" >&2; exit 1; }
# Every server of one database shares these two (README, "Running several servers").
export JWT_SECRET=bench-jwt-secret-of-at-least-32-bytes-long
export CREDENTIALS_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=
start_server
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  stop_server
}
trap cleanup EXIT
DB_URL="jdbc:postgresql://127.0.0.1:$EMBEDDED_DB_PORT/lenz"
DB_USER=postgres
URLS=("$BASE")
for i in $(seq 2 "$N"); do
  dir=$(mktemp -d /tmp/lenz-bench-XXXXXX)
  port=$((HTTP_PORT + 10 * i))
  HTTP_PORT=$port ADMIN_PORT=$((port + 1)) DATA_DIR=$dir EXPORT_DIR=$dir/exports DATABASE_URL=$DB_URL \
    DATABASE_USER=$DB_USER DATABASE_PASSWORD=$PGPASSWORD \
    java ${BENCH_JAVA_OPTS:--Xmx2g} -jar "$JAR" server "$BENCH_ROOT/config.yml" > "$dir/server.log" 2>&1 &
  PIDS+=($!)
  URLS+=("http://localhost:$port")
done
for url in "${URLS[@]}"; do
  for _ in $(seq 1 240); do curl -fs "$url/api/ces/ping" >/dev/null 2>&1 && break; sleep 0.5; done
done
TOKEN=$(admin_token)
export HOOK_TOKEN=bench-hook-token-1
HOOK_ID=$(curl -fs -X POST "$BASE/api/workflows" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{
  "name": "bench webhook", "is_active": true,
  "trigger_node": {"type": "webhook", "config": {"token": "'"$HOOK_TOKEN"'", "response": "last_node"}},
  "nodes": [{"id": "node-set", "type": "set", "name": "set",
             "config": {"values": {"greeting": "Halo {{trigger.body.name}}", "camera": "{{trigger.body.camera}}"}}}]}' \
  | sed -E 's/.*"data":\{"id":"([^"]+)".*/\1/')
for url in "${URLS[@]}"; do  # warm-up (JIT) of every server
  wrk -t1 -c4 -d5s -s "$(dirname "$0")/webhook-set.lua" "$url/api/hooks/$HOOK_ID" >/dev/null
done
PSQL="psql -h 127.0.0.1 -p $EMBEDDED_DB_PORT -U $DB_USER -d lenz -At"
commits() { $PSQL -c "SELECT sum(xact_commit) FROM pg_stat_database"; }
before=$(commits); start=$(date +%s.%N)
per=$(( (CONNS + N - 1) / N ))
OUT=$(mktemp -d)
WRKS=()
for i in "${!URLS[@]}"; do
  wrk -t1 -c"$per" -d"$DURATION" --latency -s "$(dirname "$0")/webhook-set.lua" "${URLS[$i]}/api/hooks/$HOOK_ID" > "$OUT/$i" &
  WRKS+=($!)
done
wait "${WRKS[@]}"
end=$(date +%s.%N); after=$(commits)
total=0
for i in "${!URLS[@]}"; do
  wrk_summary "server $((i + 1)) of $N c=$per" "$(cat "$OUT/$i")"
  total=$(echo "$total + $(awk '/Requests\/sec/ {print $2}' "$OUT/$i")" | bc)
done
secs=$(echo "$end - $start" | bc)
echo "all $N servers: $total executions/s; PostgreSQL commits/s: $(echo "($after - $before) / $secs" | bc)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
