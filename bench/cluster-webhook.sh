#!/usr/bin/env bash
# N servers on one PostgreSQL: webhook "last_node" → set (every execution persisted) driven through all
# N at once (one wrk per server, CONNS connections in total), GET /api/ces/ping on server 1 in the same
# run, and what it cost: executions/s (rows written, from the database), CPU per execution split into
# the servers' JVMs and PostgreSQL, PostgreSQL's commits/s and commits per execution. Then, with the
# servers idle, the machine's commit budget: pgbench, one INSERT + commit a transaction, on the same
# PostgreSQL. Server 1 runs the embedded PostgreSQL; servers 2..N use it through DATABASE_URL, as
# separate servers on one database do. Needs wrk, psql and pgbench (apt-get install -y wrk postgresql-client).
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
echo "code: $(git -C "$BENCH_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown); load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
START_TIMEOUT=${START_TIMEOUT:-180} start_server
PIDS=()
DIRS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  for dir in "${DIRS[@]}"; do rm -rf "$dir"; done
  stop_server
}
trap cleanup EXIT
DB_URL="jdbc:postgresql://127.0.0.1:$EMBEDDED_DB_PORT/lenz"
DB_USER=postgres
URLS=("$BASE")
for i in $(seq 2 "$N"); do
  dir=$(mktemp -d /tmp/lenz-bench-XXXXXX)
  DIRS+=("$dir")
  port=$((HTTP_PORT + 10 * i))
  HTTP_PORT=$port ADMIN_PORT=$((port + 1)) DATA_DIR=$dir EXPORT_DIR=$dir/exports DATABASE_URL=$DB_URL \
    DATABASE_USER=$DB_USER DATABASE_PASSWORD=$PGPASSWORD \
    java ${BENCH_JAVA_OPTS:--Xmx2g} -jar "$JAR" server "$BENCH_ROOT/config.yml" > "$dir/server.log" 2>&1 &
  PIDS+=($!)
  URLS+=("http://localhost:$port")
done
for url in "${URLS[@]}"; do
  for _ in $(seq 1 360); do curl -fs "$url/api/ces/ping" >/dev/null 2>&1 && break; sleep 0.5; done
  curl -fs "$url/api/ces/ping" >/dev/null || { echo "server $url did not start" >&2; exit 1; }
done
TOKEN=$(admin_token)
create_webhook_set
for url in "${URLS[@]}"; do  # warm-up (JIT) of every server
  wrk -t1 -c4 -d${WARMUP:-10s} -s "$(dirname "$0")/webhook-set.lua" "$url/api/hooks/$HOOK_ID" >/dev/null
done
PSQL="psql -h 127.0.0.1 -p $EMBEDDED_DB_PORT -U $DB_USER -d lenz -At"
commits() { $PSQL -c "SELECT sum(xact_commit) FROM pg_stat_database"; }
executions() { $PSQL -c "SELECT count(*) FROM workflow_executions"; }
ticks() { local t=0 pid; for pid in "$@"; do [ -r /proc/$pid/stat ] && t=$(( t + $(awk '{print $14 + $15 + $16 + $17}' /proc/$pid/stat) )); done; echo $t; }
POSTMASTER=$(pgrep -f -- "-D $DATA_DIR/postgres" | head -1 || true)
pg_ticks() { ticks "$POSTMASTER" $(pgrep -P "$POSTMASTER"); }
jvm_ticks() { ticks "$SERVER_PID" "${PIDS[@]}"; }
HZ=$(getconf CLK_TCK)
before=$(commits); exec_before=$(executions); jvm_before=$(jvm_ticks); pg_before=$(pg_ticks); start=$(date +%s.%N)
per=$(( (CONNS + N - 1) / N ))
OUT=$(mktemp -d)
WRKS=()
for i in "${!URLS[@]}"; do
  wrk -t1 -c"$per" -d"$DURATION" --latency -s "$(dirname "$0")/webhook-set.lua" "${URLS[$i]}/api/hooks/$HOOK_ID" > "$OUT/$i" &
  WRKS+=($!)
done
# A light ping beside the load (2 connections): how a cheap request fares while the servers execute.
wrk -t1 -c2 -d"$DURATION" --latency "$BASE/api/ces/ping" > "$OUT/ping" &
WRKS+=($!)
wait "${WRKS[@]}"
end=$(date +%s.%N); after=$(commits); exec_after=$(executions); jvm_after=$(jvm_ticks); pg_after=$(pg_ticks)
for i in "${!URLS[@]}"; do
  wrk_summary "server $((i + 1)) of $N c=$per" "$(cat "$OUT/$i")"
done
wrk_summary "GET /api/ces/ping c=2" "$(cat "$OUT/ping")"
secs=$(echo "$end - $start" | bc)
awk -v n="$N" -v e=$((exec_after - exec_before)) -v c=$((after - before)) -v s="$secs" -v j=$((jvm_after - jvm_before)) \
    -v p=$((pg_after - pg_before)) -v hz="$HZ" 'BEGIN {
  printf "all %d servers: %.0f executions/s (%d rows in %.1f s); PostgreSQL %.0f commits/s, %.2f commits per execution\n", n, e / s, e, s, c / s, c / e
  printf "CPU per execution: %.2f ms = JVMs %.2f ms + PostgreSQL %.2f ms; CPU busy: JVMs %.2f cores, PostgreSQL %.2f cores\n", (j + p) * 1000 / hz / e, j * 1000 / hz / e, p * 1000 / hz / e, j / hz / s, p / hz / s
}'
echo "load average after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
if command -v pgbench >/dev/null && [ -z "${NO_PGBENCH:-}" ]; then
  # The commit budget of this PostgreSQL on this machine, servers idle: one small INSERT + commit per
  # transaction (what an execution's statements cost PostgreSQL is mostly such commits).
  $PSQL -c "CREATE TABLE IF NOT EXISTS bench_commits (id bigserial PRIMARY KEY, at timestamptz DEFAULT now(), v text)" >/dev/null
  echo "INSERT INTO bench_commits (v) VALUES ('x');" > "$OUT/commit.sql"
  for c in 4 16; do
    pg_b=$(pg_ticks)
    out=$(PGPASSWORD=$PGPASSWORD pgbench -h 127.0.0.1 -p "$EMBEDDED_DB_PORT" -U "$DB_USER" -n -c "$c" -j 2 -T 15 -f "$OUT/commit.sql" lenz 2>&1)
    pg_a=$(pg_ticks)
    tps=$(echo "$out" | awk '/^tps/ {print $3; exit}')
    lat=$(echo "$out" | awk '/latency average/ {print $4; exit}')
    awk -v c="$c" -v tps="$tps" -v lat="$lat" -v t=$((pg_a - pg_b)) -v hz="$HZ" \
      'BEGIN { printf "commit budget (pgbench, INSERT + commit, %d clients): %.0f commits/s, latency %s ms, PostgreSQL CPU %.3f ms a commit\n", c, tps, lat, t * 1000 / hz / (tps * 15) }'
  done
  echo "load average after pgbench: $(cut -d' ' -f1-3 /proc/loadavg)"
fi
rm -rf "$OUT"
