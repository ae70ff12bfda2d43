#!/usr/bin/env bash
# Faults: the embedded PostgreSQL stops for OUTAGE seconds (fast shutdown, then started again on the same
# folder and port) under THREADS clients posting events, CES metrics reports and executions (each a
# 300 ms delay node and a set node). Prints GET /api/ces/ping throughput of the same run for scale, the
# answers by status (goal: nothing >= 500 but 503), what was acknowledged and lost or duplicated (goal 0),
# the time from the database back to the first 200 (goal <= 1 s) and the server's log lines about it.
# Usage: bench/faults-outage.sh [outage seconds, default 20] [client threads, default 8]
export HTTP_PORT=${HTTP_PORT:-20015} ADMIN_PORT=${ADMIN_PORT:-20016} EMBEDDED_DB_PORT=${EMBEDDED_DB_PORT:-20432}
export LOG_LEVEL=${LOG_LEVEL:-INFO}
source "$(dirname "$0")/lib.sh"
OUTAGE=${1:-20}
THREADS=${2:-8}
export CES_ENABLED=true CES_MODE=master CES_MASTER_API_KEY=bench-master-key CES_NODE_NAME="Bench Master"
CLIENTS="$(dirname "$0")/faults-outage-clients.py"
require_tools
command -v psql >/dev/null || { echo "psql is missing: apt-get install -y postgresql-client" >&2; exit 1; }
start_server
sql() { psql -h localhost -p "$EMBEDDED_DB_PORT" -U postgres -d lenz -At -v ON_ERROR_STOP=1 -c "$1"; }

wrk -t2 -c64 -d5s "$BASE/api/ces/ping" >/dev/null
wrk_summary "GET /api/ces/ping" "$(wrk -t2 -c64 -d15s --latency "$BASE/api/ces/ping")"

TOKEN=$(admin_token)
WORKFLOW=$(curl -fs -X POST "$BASE/api/workflows" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
  -d '{"name":"outage bench","is_active":true,"trigger_node":{"type":"manual"},"nodes":[
       {"id":"wait","type":"delay","name":"Wait","config":{"duration_ms":300}},
       {"id":"done","type":"set","name":"Done","config":{"values":{"seq":"{{trigger.body.seq}}"}}}]}' \
  | sed -E 's/.*"data":\{"id":"([^"]+)".*/\1/')

POSTMASTER=$(ps -eo pid=,args= | awk -v port="$EMBEDDED_DB_PORT" \
  '$2 ~ /bin\/postgres$/ && $0 ~ (" -p " port "( |$)") {print $1; exit}')
[ -n "$POSTMASTER" ] || { echo "embedded PostgreSQL not found" >&2; exit 1; }
# Its command line, to start it again as it was: under unshare -U as zonky does (PostgreSQL refuses to
# run as root; pg_ctl too, so the postmaster itself is signalled to stop).
mapfile -d '' PG_ARGS < "/proc/$POSTMASTER/cmdline"

STOP="$DATA_DIR/clients.stop"
cleanup() {
  touch "$STOP"
  [ -n "${CLIENTS_PID:-}" ] && kill "$CLIENTS_PID" 2>/dev/null || true
  stop_server
}
trap cleanup EXIT
python3 "$CLIENTS" run "$BASE" "$TOKEN" "$WORKFLOW" "$CES_MASTER_API_KEY" "$THREADS" "$STOP" "$DATA_DIR/answers" &
CLIENTS_PID=$!
sleep 5
log_before=$(wc -l < "$DATA_DIR/server.log")
echo "stopping PostgreSQL for $OUTAGE s"
kill -INT "$POSTMASTER"   # fast shutdown: sessions are terminated ("administrator command")
while kill -0 "$POSTMASTER" 2>/dev/null; do sleep 0.1; done
sleep 2
lenz_health() { curl -s "http://localhost:$ADMIN_PORT/healthcheck" | grep -o '"lenz-database":{"healthy":[a-z]*' | cut -d: -f3; }
echo "lenz-database health check during the outage: healthy=$(lenz_health)"
sleep $((OUTAGE > 2 ? OUTAGE - 2 : 0))
setsid unshare -U "${PG_ARGS[@]}" > "$DATA_DIR/postgres-restarted.log" 2>&1 < /dev/null &
for _ in $(seq 1 1500); do psql -h localhost -p "$EMBEDDED_DB_PORT" -U postgres -d lenz -Atqc "SELECT 1" >/dev/null 2>&1 && break; sleep 0.02; done
BACK=$(date +%s.%N)
echo "PostgreSQL is back"
until [ "$(lenz_health)" = true ]; do sleep 0.01; done
echo "database back -> lenz-database health check green: $(echo "($(date +%s.%N) - $BACK) * 1000 / 1" | bc) ms"
sleep 10
touch "$STOP"
wait "$CLIENTS_PID"
sleep 1

sql "SELECT data->>'seq', count(*) FROM event_history WHERE analytic_type = 'OUTAGE' GROUP BY 1" > "$DATA_DIR/events"
sql "SELECT id FROM ces_nodes WHERE id LIKE 'o-%'" > "$DATA_DIR/metrics"
sql "SELECT id, status FROM workflow_executions WHERE workflow_id = '$WORKFLOW'" > "$DATA_DIR/executions"
python3 "$CLIENTS" report "$DATA_DIR/answers" "$DATA_DIR/events" "$DATA_DIR/metrics" "$DATA_DIR/executions" "$BACK"
log=$(tail -n +"$((log_before + 1))" "$DATA_DIR/server.log")
echo "server log during the outage: $(echo "$log" | grep -c '^WARN') WARN, $(echo "$log" | grep -c '^ERROR') ERROR, $(echo "$log" | grep -cE '^\s+at |^! ') stack trace lines:"
echo "$log" | grep -E '^(WARN|ERROR|INFO) .*(DatabaseAvailability|Exception)' | cut -c1-200 || true
