#!/usr/bin/env bash
# GET /api/ces/replication/status on a master after setup: what a dashboard polling it costs
# (pg_settings, pg_file_settings, the publications and pg_stat_replication, about ten queries a call).
# Usage: bench/replication-status.sh [duration, default 20s] [connections, default 16]
source "$(dirname "$0")/lib.sh"
DURATION=${1:-20s}
CONNECTIONS=${2:-16}
export CES_ENABLED=true CES_MODE=master
require_tools
start_server
TOKEN=$(admin_token)
curl -fs -X POST "$BASE/api/ces/replication/setup" -H "Authorization: Bearer $TOKEN" \
  -H 'Content-Type: application/json' -d '{}' >/dev/null
URL="$BASE/api/ces/replication/status"
wrk -t2 -c"$CONNECTIONS" -d5s -H "Authorization: Bearer $TOKEN" "$URL" >/dev/null   # warm-up (JIT)
out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$URL")
echo "$out"
echo
wrk_summary "GET /api/ces/replication/status" "$out"
