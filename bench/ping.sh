#!/usr/bin/env bash
# GET /api/ces/ping under load: the floor every other endpoint is compared with.
# Usage: bench/ping.sh [duration, default 20s] [connections, default 64]
source "$(dirname "$0")/lib.sh"
DURATION=${1:-20s}
CONNECTIONS=${2:-64}
require_tools
start_server
wrk -t2 -c"$CONNECTIONS" -d5s "$BASE/api/ces/ping" >/dev/null   # warm-up (JIT)
out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/api/ces/ping")
echo "$out"
echo
wrk_summary "GET /api/ces/ping" "$out"
