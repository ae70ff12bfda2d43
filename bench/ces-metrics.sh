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

# Register the 10,000 nodes once, as the Lua script names them (SQL: seeding is not measured), then
# warm up (JIT); the POST run then refreshes those same 10,000 nodes.
command -v psql >/dev/null || { echo "psql is missing: apt-get install -y postgresql-client" >&2; exit 1; }
psql -h localhost -p "$EMBEDDED_DB_PORT" -U postgres -d lenz -v ON_ERROR_STOP=1 -q -c "
  INSERT INTO ces_nodes (id, name, ip_address, total_enrollment, custom_fields, last_heartbeat, created_at, updated_at)
  SELECT lpad(to_hex(i), 8, '0'), 'Bench Node ' || i, '10.' || (i / 65536) % 256 || '.' || (i / 256) % 256 || '.' || i % 256,
         i, jsonb_build_object('rack', 'r' || i % 40), now(), now(), now()
  FROM generate_series(0, 9999) AS i"
wrk -t2 -c"$CONNECTIONS" -d5s "$BASE/api/ces/ping" >/dev/null
wrk -t2 -c"$CONNECTIONS" -d5s -s "$POST_LUA" "$BASE" >/dev/null
ping_out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "$BASE/api/ces/ping")
post_out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$POST_LUA" "$BASE")

TOKEN=$(admin_token)
nodes=$(curl -fs -H "Authorization: Bearer $TOKEN" "$BASE/api/ces/metrics" | grep -o '"is_master"' | wc -l)
# One connection: the latency of one dashboard's listing; four: listings queued behind each other.
wrk -t1 -c2 -d5s -H "Authorization: Bearer $TOKEN" "$BASE/api/ces/metrics" >/dev/null
list1_out=$(wrk -t1 -c1 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/ces/metrics")
list4_out=$(wrk -t2 -c4 -d"$DURATION" --latency -H "Authorization: Bearer $TOKEN" "$BASE/api/ces/metrics")
# As a browser asks for it: gzip (Dropwizard compresses on the fly; 2.8 MB become about 140 kB).
gzip_out=$(wrk -t1 -c1 -d"$DURATION" --latency -H "Accept-Encoding: gzip" -H "Authorization: Bearer $TOKEN" "$BASE/api/ces/metrics")

echo "$post_out"
echo
echo "$list1_out"
echo
wrk_summary "GET /api/ces/ping" "$ping_out"
wrk_summary "POST /api/ces/metrics" "$post_out"
wrk_summary "GET /api/ces/metrics ($nodes nodes, 1 conn)" "$list1_out"
wrk_summary "GET /api/ces/metrics ($nodes nodes, 4 conns)" "$list4_out"
wrk_summary "GET /api/ces/metrics ($nodes nodes, 1 conn, gzip)" "$gzip_out"
