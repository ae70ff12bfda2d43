#!/usr/bin/env bash
# Start time: from `java -jar` to the first 200 of GET /api/ces/ping, first on an empty DATA_DIR (initdb,
# every migration) and then RUNS restarts on that same folder (the existing embedded database).
# Prints each start and the INFO log's milestones of the last restart, to see what dominates.
# Usage: [RUNS=5] bench/start.sh
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-5}
export LOG_LEVEL=${START_LOG_LEVEL:-INFO}
[ -f "$JAR" ] || { echo "build first: mvn -B -DskipTests package" >&2; exit 1; }
export DATA_DIR=$(mktemp -d /tmp/lenz-bench-XXXXXX)
export EXPORT_DIR="$DATA_DIR/exports"
cleanup() {
  [ -n "${SERVER_PID:-}" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  [ -z "${KEEP_DATA:-}" ] && rm -rf "$DATA_DIR"
}
trap cleanup EXIT
if curl -fs -o /dev/null "$BASE/api/ces/ping" 2>/dev/null; then
  echo "something already answers on $BASE: choose other HTTP_PORT / ADMIN_PORT / EMBEDDED_DB_PORT" >&2; exit 1
fi

# start_once LABEL: starts the server, polls ping every 20 ms, sets ELAPSED to the milliseconds to the first 200.
start_once() {
  local t0 t1
  t0=$(date +%s%N)
  java ${BENCH_JAVA_OPTS:--Xmx2g} -jar "$JAR" server "$BENCH_ROOT/config.yml" > "$DATA_DIR/server-$1.log" 2>&1 &
  SERVER_PID=$!
  until curl -fs -o /dev/null "$BASE/api/ces/ping" 2>/dev/null; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited; log:" >&2; tail -30 "$DATA_DIR/server-$1.log" >&2; exit 1; }
    sleep 0.02
  done
  t1=$(date +%s%N)
  ELAPSED=$(( (t1 - t0) / 1000000 ))
  # CPU the JVM spent to get there (all its threads: JIT, GC, class loading): on a loaded machine the
  # wall time stretches with the load, this much less.
  CPU_MS=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%d", ($14 + $15) * 1000 / hz}' /proc/$SERVER_PID/stat)
}

stop_once() {
  kill "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
}

start_once first
first="$ELAPSED ms (JVM CPU $CPU_MS ms)"
stop_once
restarts=()
cpus=()
for i in $(seq 1 "$RUNS"); do
  start_once "restart-$i"
  restarts+=("$ELAPSED")
  cpus+=("$CPU_MS")
  if [ "$i" = "$RUNS" ] && command -v wrk >/dev/null; then
    # The machine's speed today, beside the start figures: ping on the last restart (10 s warm-up, then 10 s).
    wrk -t2 -c20 -d10s "$BASE/api/ces/ping" >/dev/null
    PING=$(wrk -t2 -c20 -d10s "$BASE/api/ces/ping" | awk '/Requests\/sec/ {print $2}')
  fi
  stop_once
done
sorted=$(printf '%s\n' "${restarts[@]}" | sort -n)
echo "milestones of the last restart (log time stamps):"
grep -E "start: |starting embedded|Liquibase|schema|Starting lenz|PluginGeneration|paths were found|GET /api/ces/ping" "$DATA_DIR/server-restart-$RUNS.log" \
  | cut -c1-160 | head -30 || true
# The phases of the last restart: each "start: <phase> at <n> ms" mark (JVM uptime) minus the one before;
# the first ping from the wall time of Jetty's mark to the request log's line of the first 200.
echo "phases of the last restart (ms, from the marks above):"
grep -E "start: |\"GET /api/ces/ping HTTP/1.1\" 200" "$DATA_DIR/server-restart-$RUNS.log" | awk '
  /start: / { match($0, /start: .* at [0-9]+ ms/); m = substr($0, RSTART + 7, RLENGTH - 7);
              ms = m; sub(/.* at /, "", ms); sub(/ ms$/, "", ms); phase = m; sub(/ at [0-9]+ ms$/, "", phase);
              printf "  %6d  %s -> %s\n", ms - last, (last == 0 ? "JVM start" : previous), phase;
              last = ms; previous = phase;
              split($3, t, /[:,]/); wall = ((t[1] * 60 + t[2]) * 60 + t[3]) * 1000 + t[4]; next }
  /GET \/api\/ces\/ping/ && !done { match($0, /:[0-9][0-9]:[0-9][0-9]:[0-9][0-9]\.[0-9]+/); split(substr($0, RSTART + 1, RLENGTH - 1), t, /[:.]/);
              printf "  %6d  %s -> first 200 of ping (request log)\n", ((t[1] * 60 + t[2]) * 60 + t[3]) * 1000 + t[4] - wall, previous; done = 1 }'
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf 'first start (initdb, migrations) to the first 200 of ping: %s\n' "$first"
printf 'restart on the existing database: %s ms (median of %s: %s ms, min %s ms)\n' "$(IFS=' '; echo "${restarts[*]}")" "$RUNS" \
  "$(echo "$sorted" | sed -n "$(( (RUNS + 1) / 2 ))p")" "$(echo "$sorted" | head -1)"
printf 'JVM CPU to the first 200 of each restart: %s ms\n' "$(IFS=' '; echo "${cpus[*]}")"
if [ -n "${PING:-}" ]; then
  printf 'GET /api/ces/ping on the last restart (20 connections, after 10 s): %s req/s\n' "$PING"
fi
