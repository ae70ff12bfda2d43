#!/usr/bin/env bash
# Events ingested per second through POST /api/events in batches of 1,000 FR events (every event
# stored), side by side with GET /api/ces/ping in the same run.
# Usage: bench/events-ingest.sh [duration, default 20s] [connections, default 8]
source "$(dirname "$0")/lib.sh"
DURATION=${1:-20s}
CONNECTIONS=${2:-8}
BATCH=${BATCH:-1000}
require_tools
start_server
export TOKEN=$(admin_token)
export BODY_FILE="$DATA_DIR/events.json"
python3 - "$BATCH" > "$BODY_FILE" <<'PY'
import json, sys
n = int(sys.argv[1])
events = [{"analytic_type": "FR", "stream_id": "cam-%02d" % (i % 16),
           "event_time": "2025-04-29T%02d:%02d:%02dZ" % (i // 3600 % 24, i // 60 % 60, i % 60),
           "data": {"face_id": "face-%d" % i, "name": "Person %d" % i, "similarity": 0.8 + (i % 20) / 100,
                    "status": "whitelist", "image_url": "https://lenz.example.com/img/%d.jpg" % i}}
          for i in range(n)]
print(json.dumps({"events": events}))
PY
echo "batch: $BATCH events, $(wc -c < "$BODY_FILE") bytes"
wrk -t2 -c"$CONNECTIONS" -d5s -s "$(dirname "$0")/events-ingest.lua" "$BASE/api/events" >/dev/null  # warm-up
out=$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency -s "$(dirname "$0")/events-ingest.lua" "$BASE/api/events")
ping=$(wrk -t2 -c64 -d"$DURATION" --latency "$BASE/api/ces/ping")
wrk_summary "POST /api/events ($BATCH)" "$out"
wrk_summary "GET /api/ces/ping" "$ping"
rps=$(echo "$out" | awk '/Requests\/sec/ {print $2}')
echo "events/s: $(awk -v r="$rps" -v b="$BATCH" 'BEGIN {printf "%d", r * b}')"
stored=$(curl -fs "$BASE/api/events?limit=1" -H "Authorization: Bearer $TOKEN" | sed -E 's/.*"total_data":([0-9]+).*/\1/')
echo "events stored: $stored"
