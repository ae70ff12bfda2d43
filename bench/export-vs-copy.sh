#!/usr/bin/env bash
# The event_history_export node writing N FR events (default 1,000,000) to CSV, side by side with
# PostgreSQL's own COPY of the same rows through psql, and the server's peak heap during the export.
# Needs psql (apt-get install postgresql-client). The heap is read from the admin port's metrics
# (curl, every 0.2 s): a jstat there would start a JVM five times a second and slow what it measures.
# Usage: bench/export-vs-copy.sh [events, default 1000000]
source "$(dirname "$0")/lib.sh"
N=${1:-1000000}
require_tools
command -v psql >/dev/null || { echo "psql is missing: apt-get install -y postgresql-client" >&2; exit 1; }
export BENCH_JAVA_OPTS=${BENCH_JAVA_OPTS:--Xmx1g}
start_server
TOKEN=$(admin_token)
PSQL="psql -h localhost -p $EMBEDDED_DB_PORT -U postgres -d lenz -v ON_ERROR_STOP=1 -q"
echo "seeding $N FR events on 2025-04-29 (SQL, to keep the seeding out of the measurement)"
$PSQL -c "INSERT INTO event_history (analytic_type, stream_id, event_time, data)
  SELECT 'FR', 'cam-' || (i % 16), timestamptz '2025-04-29 00:00:00+00' + (i * interval '86399 milliseconds') / $N * 1000,
         jsonb_build_object('face_id', 'face-' || i, 'name', 'Person ' || i, 'similarity', 0.8 + (i % 20) / 100.0,
                            'status', 'whitelist', 'image_url', 'https://lenz.example.com/img/' || i || '.jpg')
  FROM generate_series(1, $N) AS i" -c "ANALYZE event_history"
WF=$(curl -fs -X POST "$BASE/api/workflows" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{
  "name": "bench export", "is_active": true, "trigger_node": {"type": "manual", "config": {}},
  "nodes": [{"id": "node-export", "type": "event_history_export", "name": "export",
             "config": {"analytic_type": "FR", "date_range": {"from": "2025-04-29", "to": "2025-04-29"},
                        "timezone": "UTC", "format": "csv", "output_dir": "/exports/bench"}}]}' \
  | sed -E 's/.*"data":\{"id":"([^"]+)".*/\1/')
peak_file="$DATA_DIR/heap.txt"
( while kill -0 "$SERVER_PID" 2>/dev/null; do
    curl -fs "http://localhost:$ADMIN_PORT/metrics" | grep -o '"jvm.memory.heap.used":{"value":[0-9]*' \
      | awk -F: '{printf "%.0f\n", $3 / 1048576}'; sleep 0.2
  done > "$peak_file" ) &
SAMPLER=$!
sleep 1
baseline=$(tail -1 "$peak_file")
start=$(date +%s.%N)
result=$(curl -fs -X POST "$BASE/api/workflows/$WF/execute" -H "Authorization: Bearer $TOKEN")
node_s=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN {print a - b}')
sleep 0.5
kill $SAMPLER 2>/dev/null
peak=$(sort -n "$peak_file" | tail -1)
rows=$(echo "$result" | sed -E 's/.*"rows":([0-9]+).*/\1/')
start=$(date +%s.%N)
$PSQL -c "\copy (SELECT id, event_time, analytic_type, stream_id, data->>'face_id', data->>'name', data->>'similarity', data->>'status', data->>'image_url', data FROM event_history WHERE analytic_type = 'FR' AND event_time >= '2025-04-29' AND event_time < '2025-04-30' ORDER BY event_time, id) TO STDOUT WITH CSV HEADER" > "$DATA_DIR/copy.csv"
copy_s=$(awk -v a="$(date +%s.%N)" -v b="$start" 'BEGIN {print a - b}')
node_file=$(ls "$EXPORT_DIR"/bench/*.csv)
printf 'rows exported by the node: %s (file %s bytes; COPY %s bytes)\n' "$rows" "$(stat -c %s $node_file)" "$(stat -c %s "$DATA_DIR/copy.csv")"
printf 'node: %.2f s   COPY via psql: %.2f s   ratio: %.2f\n' "$node_s" "$copy_s" "$(awk -v a="$node_s" -v b="$copy_s" 'BEGIN {print a / b}')"
printf 'heap used (young+old, MiB): before %s, peak during export %s\n' "$baseline" "$peak"
