#!/usr/bin/env bash
# Shared helpers of the benchmarks: start the built server on the embedded database in a scratch
# folder, wait for it, stop it. Source this file; it needs target/lenz-central.jar (mvn package).
set -euo pipefail

BENCH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
JAR="${BENCH_JAR:-$BENCH_ROOT/target/lenz-central.jar}"   # BENCH_JAR: another build, e.g. a copy of the one before a change
export HTTP_PORT=${HTTP_PORT:-16015}
export ADMIN_PORT=${ADMIN_PORT:-16016}
export EMBEDDED_DB_PORT=${EMBEDDED_DB_PORT:-16432}
export ADMIN_PASSWORD=${ADMIN_PASSWORD:-bench-admin-pass}
export LOG_LEVEL=${LOG_LEVEL:-WARN}
BASE="http://localhost:$HTTP_PORT"

require_tools() {
  [ -f "$JAR" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
  command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }
}

start_server() {
  export DATA_DIR=$(mktemp -d /tmp/lenz-bench-XXXXXX)
  export EXPORT_DIR="$DATA_DIR/exports"
  java ${BENCH_JAVA_OPTS:--Xmx2g} -jar "$JAR" server "$BENCH_ROOT/config.yml" > "$DATA_DIR/server.log" 2>&1 &
  SERVER_PID=$!
  trap stop_server EXIT
  for _ in $(seq 1 $(( ${START_TIMEOUT:-${START_WAIT:-60}} * 2 ))); do   # START_TIMEOUT (or START_WAIT) seconds: a loaded machine needs more
    if curl -fs "$BASE/api/ces/ping" >/dev/null 2>&1; then
      # psql in the benchmarks: the embedded PostgreSQL wants the password the server generated
      export PGPASSWORD=$(cat "$DATA_DIR/secrets/database-password")
      return 0
    fi
    sleep 0.5
  done
  echo "server did not start; log:" >&2
  tail -50 "$DATA_DIR/server.log" >&2
  exit 1
}

stop_server() {
  if [ -n "${SERVER_PID:-}" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
    SERVER_PID=
  fi
  [ -n "${DATA_DIR:-}" ] && [ -z "${KEEP_DATA:-}" ] && rm -rf "$DATA_DIR"
}

admin_token() {
  curl -fs -X POST "$BASE/api/auth/token" -H 'Content-Type: application/json' \
    -d "{\"user_access\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/'
}

# wrk_summary NAME wrk-output: one line with requests/s and p50/p99 latency.
wrk_summary() {
  local name=$1 out=$2
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  printf '%-28s %10s req/s   p50 %8s   p99 %8s   non-2xx %s\n' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}"
}

# create_webhook_set: the benchmarks' webhook workflow (response last_node, one set node rendering two
# templates from the body webhook-set.lua posts); needs TOKEN, sets HOOK_TOKEN and HOOK_ID.
create_webhook_set() {
  export HOOK_TOKEN=bench-hook-token-1
  HOOK_ID=$(curl -fs -X POST "$BASE/api/workflows" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{
  "name": "bench webhook", "is_active": true,
  "trigger_node": {"type": "webhook", "config": {"token": "'"$HOOK_TOKEN"'", "response": "last_node"}},
  "nodes": [{"id": "node-set", "type": "set", "name": "set",
             "config": {"values": {"greeting": "Halo {{trigger.body.name}}", "camera": "{{trigger.body.camera}}"}}}]}' \
    | sed -E 's/.*"data":\{"id":"([^"]+)".*/\1/')
}

# cpu_ticks: CPU ticks used so far by the server JVM and its embedded PostgreSQL (postmaster, its reaped
# children, the backends alive now). cpu_per_op NAME TICKS_BEFORE TICKS_AFTER OPERATIONS prints the CPU
# time per operation, which says what the code costs even when other processes share the cores.
cpu_ticks() {
  local total=0 pid postmaster
  postmaster=$(pgrep -f -- "-D $DATA_DIR/postgres" | head -1 || true)
  for pid in $SERVER_PID $postmaster $( [ -n "$postmaster" ] && pgrep -P "$postmaster" ); do
    [ -r /proc/$pid/stat ] || continue
    total=$(( total + $(awk '{print $14 + $15 + $16 + $17}' /proc/$pid/stat) ))
  done
  echo "$total"
}
# jvm_ticks and pg_ticks: the two parts of cpu_ticks, the server JVM's and the embedded PostgreSQL's.
jvm_ticks() {
  awk '{print $14 + $15 + $16 + $17}' /proc/$SERVER_PID/stat
}
pg_ticks() {
  local total=0 pid postmaster
  postmaster=$(pgrep -f -- "-D $DATA_DIR/postgres" | head -1 || true)
  for pid in $postmaster $( [ -n "$postmaster" ] && pgrep -P "$postmaster" ); do
    [ -r /proc/$pid/stat ] || continue
    total=$(( total + $(awk '{print $14 + $15 + $16 + $17}' /proc/$pid/stat) ))
  done
  echo "$total"
}
cpu_per_op() {
  awk -v name="$1" -v t=$(( $3 - $2 )) -v n="$4" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { if (n > 0) printf "%-28s CPU per operation (JVM + PostgreSQL): %.3f ms over %d operations\n", name, t * 1000 / hz / n, n }'
}
