#!/usr/bin/env bash
# SIGTERM while executions run. Starts the built server (embedded PostgreSQL in a scratch folder), starts
# 16 executions of a one-node `delay` workflow, waits until all 16 run, sends SIGTERM and times the exit.
# Then starts the server again on the same data and reads what became of the 16 executions.
#   delay 5 s:  all 16 should end `success` within SHUTDOWN_GRACE
#   delay 60 s: all 16 should end `failed` with the shutdown error, written before the process exits;
#               exit within SHUTDOWN_GRACE + 5 s
# Also counts ERROR lines in the log of the stopped server (a normal shutdown has none).
# Usage: bench/faults-shutdown.sh [SHUTDOWN_GRACE, default 30s]  (needs jq and curl; no wrk)
source "$(dirname "$0")/lib.sh"
export SHUTDOWN_GRACE=${1:-30s}
export LOG_LEVEL=INFO
export KEEP_DATA=1
[ -f "$JAR" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
command -v jq >/dev/null || { echo "jq is missing: apt-get install -y jq" >&2; exit 1; }
COUNT=16

run_server_again() {
  java ${BENCH_JAVA_OPTS:--Xmx2g} -jar "$JAR" server "$BENCH_ROOT/config.yml" > "$DATA_DIR/server-2.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -fs "$BASE/api/ces/ping" >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  echo "server did not start again" >&2; exit 1
}

scenario() {
  local delay_ms=$1
  start_server
  local token workflow ids=() running=0
  token=$(admin_token)
  workflow=$(curl -fs -X POST "$BASE/api/workflows" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
    -d "{\"name\": \"delay $delay_ms\", \"trigger_node\": {\"type\": \"manual\"},
         \"nodes\": [{\"id\": \"wait\", \"type\": \"delay\", \"config\": {\"duration_ms\": $delay_ms}}]}" | jq -r .data.id)
  # all 16 at once, so that they all run together well within the 5 s delay
  local starts=()
  for i in $(seq 1 $COUNT); do
    curl -fs -X POST "$BASE/api/workflows/$workflow/execute?wait=false" -H "Authorization: Bearer $token" \
      | jq -r .data.id > "$DATA_DIR/started-$i" &
    starts+=($!)
  done
  wait "${starts[@]}"
  for i in $(seq 1 $COUNT); do ids+=("$(cat "$DATA_DIR/started-$i")"); done
  for _ in $(seq 1 300); do
    running=$(curl -fs "$BASE/api/workflows/$workflow/logs?limit=100" -H "Authorization: Bearer $token" \
      | jq '[.data[] | select(.node_results[0].status == "running")] | length')
    [ "$running" -ge $COUNT ] && break
    sleep 0.05
  done
  [ "$running" -ge $COUNT ] || { echo "only $running of $COUNT executions ran together; try again on a quieter machine" >&2; exit 1; }
  local start end pid=$SERVER_PID
  start=$(date +%s.%N)
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  end=$(date +%s.%N)
  SERVER_PID=
  local errors
  errors=$(grep -c '^ERROR' "$DATA_DIR/server.log" || true)

  run_server_again
  token=$(admin_token)
  local success=0 stopped=0 other=0 status
  for id in "${ids[@]}"; do
    status=$(curl -fs "$BASE/api/workflows/$workflow/logs/$id" -H "Authorization: Bearer $token" \
      | jq -r '.data.status + "|" + (.data.error // "")')
    case "$status" in
      "success|") success=$((success + 1)) ;;
      "failed|the server stopped during this execution") stopped=$((stopped + 1)) ;;
      *) other=$((other + 1)); echo "  unexpected: $id $status" ;;
    esac
  done
  printf 'delay %6d ms  %d running at SIGTERM  exit after %5.1f s  success %2d  failed(shutdown) %2d  other %d  ERROR lines %s\n' \
    "$delay_ms" "$running" "$(echo "$end - $start" | bc)" "$success" "$stopped" "$other" "$errors"
  stop_server || true
  rm -rf "$DATA_DIR"
}

echo "SHUTDOWN_GRACE=$SHUTDOWN_GRACE, $COUNT executions (WORKFLOW_MAX_CONCURRENT_EXECUTIONS=${WORKFLOW_MAX_CONCURRENT_EXECUTIONS:-16})"
scenario 5000
scenario 60000
trap - EXIT
