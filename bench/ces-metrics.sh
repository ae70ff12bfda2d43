#!/usr/bin/env bash
# CES metrics on a master: POST /api/ces/metrics (10,000 distinct node ids) side by side with
# GET /api/ces/ping in the same run, then GET /api/ces/metrics with those 10,000 nodes registered.
# Usage: bench/ces-metrics.sh [duration, default 20s] [connections, default 64]
source "$(dirname "$0")/lib.sh"
DURATION=${1:-20s}
CONNECTIONS=${2:-64}
export CES_ENABLED=true CES_MODE=master CES_MASTER_API_KEY=bench-master-key CES_NODE_NAME="Bench Master"
require_tools
start_server
POST_LUA="$(dirname "$0")/ces-metrics-post.lua"

# Register the 10,000 nodes once (each wrk thread stops after its 5,000), then warm up (JIT).
SEED=1 wrk -t2 -c16 -d10m -s "$POST_LUA" "$BASE" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s "$BASE/api/ces/ping" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s -s "$POST_LUA" "$BASE" >/dev/null
ping_out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/api/ces/ping")
post_out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$POST_LUA" "$BASE")

TOKEN=$(admin_token)
nodes=$(curl -fs -H "Authorization: Bearer $TOKEN" "$BASE/api/ces/metrics" | grep -o '"is_master"' | wc -l)
# Few connections: this measures the latency of one listing, not a queue of them.
wrk -t1 -c2 -d5s -H "Authorization: Bearer $TOKEN" "$BASE/api/ces/metrics" >/dev/null
list_out=$(wrk -t2 -c4 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/ces/metrics")

echo "$post_out"
echo
echo "$list_out"
echo
wrk_summary "GET /api/ces/ping" "$ping_out"
wrk_summary "POST /api/ces/metrics" "$post_out"
wrk_summary "GET /api/ces/metrics ($nodes nodes)" "$list_out"
