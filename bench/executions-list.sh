#!/usr/bin/env bash
# GET /api/executions?status=failed&limit=50 and GET /api/workflows/{id}/logs?limit=50 with 10 million
# executions stored (seeded with SQL over 3,000 workflows and 60 days), each beside GET /api/ces/ping in
# the same run, with the server's and PostgreSQL's CPU per request. Retention is off (0) for the run.
# Usage: bench/executions-list.sh [duration, default 20s] [connections, default 4] [rows, default 10000000]
# Ports: HTTP_PORT=21015 ADMIN_PORT=21016 EMBEDDED_DB_PORT=21432 unless set.
export HTTP_PORT=${HTTP_PORT:-21015} ADMIN_PORT=${ADMIN_PORT:-21016} EMBEDDED_DB_PORT=${EMBEDDED_DB_PORT:-21432}
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/history-lib.sh"
DURATION=${1:-20s}
CONNECTIONS=${2:-4}
ROWS=${3:-10000000}
WORKFLOWS=${WORKFLOWS:-3000}
export EXECUTIONS_RETENTION=0 EVENTS_RETENTION=0 EXPORTS_RETENTION=0
require_tools
start_server
started=$(date +%s)
seed_history "$ROWS" "$WORKFLOWS" 60
echo "seeded $(psql_lenz -At -c 'SELECT count(*) FROM workflow_executions') executions in $(( $(date +%s) - started )) s;" \
  "database $(psql_lenz -At -c "SELECT pg_size_pretty(pg_database_size('lenz'))")"
TOKEN=$(admin_token)
AUTH="Authorization: Bearer $TOKEN"
FAILED="$BASE/api/executions?status=failed&limit=50"
LOGS="$BASE/api/workflows/wf-17/logs?limit=50"
ALL="$BASE/api/executions?limit=50"
sample=$(curl -fs "$FAILED" -H "$AUTH"); echo "${sample:0:200}..."
wrk -t2 -c"$CONNECTIONS" -d10s -H "$AUTH" "$FAILED" >/dev/null   # warm-up (JIT)
wrk -t2 -c"$CONNECTIONS" -d10s -H "$AUTH" "$LOGS" >/dev/null
measure "GET /api/ces/ping c=$CONNECTIONS" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/api/ces/ping"
measure "executions?status=failed" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$AUTH" "$FAILED"
measure "workflows/wf-17/logs" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$AUTH" "$LOGS"
measure "executions (no filter)" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "$AUTH" "$ALL"
measure "GET /api/ces/ping c=$CONNECTIONS" -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/api/ces/ping"
echo "plans:"
psql_lenz -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id FROM workflow_executions WHERE status = 'failed' ORDER BY started_at DESC, id DESC LIMIT 50" | grep -E "Index|Execution Time|Limit"
psql_lenz -c "EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) SELECT id FROM workflow_executions WHERE workflow_id = 'wf-17' ORDER BY started_at DESC, id DESC LIMIT 50" | grep -E "Index|Execution Time|Limit"
