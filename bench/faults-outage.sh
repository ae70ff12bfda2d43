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

POSTMASTER=$(pgrep -f "bin/postgres -D .* -p $EMBEDDED_DB_PORT( |$)" | head -1)
[ -n "$POSTMASTER" ] || { echo "embedded PostgreSQL not found" >&2; exit 1; }
mapfile -d '' PG_ARGS < "/proc/$POSTMASTER/cmdline"
PG_BIN=$(dirname "${PG_ARGS[0]}")
PG_DATA=${PG_ARGS[2]}
PG_OPTS="${PG_ARGS[*]:3}"

STOP="$DATA_DIR/clients.stop"
python3 "$CLIENTS" run "$BASE" "$TOKEN" "$WORKFLOW" "$CES_MASTER_API_KEY" "$THREADS" "$STOP" "$DATA_DIR/answers" &
CLIENTS_PID=$!
sleep 5
log_before=$(wc -l < "$DATA_DIR/server.log")
echo "stopping PostgreSQL for $OUTAGE s"
"$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
sleep "$OUTAGE"
"$PG_BIN/pg_ctl" -D "$PG_DATA" -o "$PG_OPTS" -l "$DATA_DIR/postgres-restarted.log" -w start >/dev/null
BACK=$(date +%s.%N)
echo "PostgreSQL is back"
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
