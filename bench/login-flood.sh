#!/usr/bin/env bash
# Other endpoints while wrong logins flood the server: GET /api/ces/ping and GET /api/workflows (bearer
# token, one database read) measured idle, then during a flood of wrong passwords on FLOOD connections,
# each for a new username. The per-address lockout is lifted (THROTTLE_MAX_FAILURES_PER_ADDRESS) so that
# every flood request reaches bcrypt: the case of a flood from many addresses, which that lockout would
# not stop. With it in place (the default, 20) a one-address flood is answered 429 without hashing.
# Usage: bench/login-flood.sh [seconds per measurement, default 20] [flood connections, default 32]
source "$(dirname "$0")/lib.sh"
SECONDS_EACH=${1:-20}
FLOOD=${2:-32}
export THROTTLE_MAX_FAILURES_PER_ADDRESS=${THROTTLE_MAX_FAILURES_PER_ADDRESS:-100000}
LUA="$(dirname "$0")/login-flood.lua"
require_tools
start_server
TOKEN=$(admin_token)

measure() {
  local ping list
  ping=$(wrk -t1 -c4 -d"${SECONDS_EACH}s" --latency "$BASE/api/ces/ping")
  wrk_summary "GET /api/ces/ping, $1" "$ping"
  list=$(wrk -t1 -c4 -d"${SECONDS_EACH}s" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/workflows")
  wrk_summary "GET /api/workflows, $1" "$list"
}

# warm-up (JIT) of all three paths
wrk -t1 -c4 -d5s "$BASE/api/ces/ping" >/dev/null
wrk -t1 -c4 -d5s -H "Authorization: Bearer $TOKEN" "$BASE/api/workflows" >/dev/null
wrk -t1 -c"$FLOOD" -d5s -s "$LUA" "$BASE/api/auth/token" >/dev/null

measure "idle"
FLOOD_OUT=$(mktemp)
wrk -t2 -c"$FLOOD" -d"$((2 * SECONDS_EACH + 4))s" --latency -s "$LUA" "$BASE/api/auth/token" >"$FLOOD_OUT" &
FLOOD_PID=$!
sleep 2
measure "during the flood"
wait "$FLOOD_PID"
wrk_summary "POST /api/auth/token (flood)" "$(cat "$FLOOD_OUT")"
grep "flood answers" "$FLOOD_OUT" || true
rm -f "$FLOOD_OUT"
# idle again: the first idle figures may still carry JIT warm-up
measure "idle, after the flood"
