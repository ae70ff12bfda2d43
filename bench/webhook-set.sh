#!/usr/bin/env bash
# Executions per second of a webhook with response "last_node" running one set node (every execution
# persisted), at 20 and 50 connections, side by side with GET /api/ces/ping in the same run: the
# scenario n8n publishes (220 executions/s on 2 vCPU).
# Usage: bench/webhook-set.sh [duration, default 20s]
source "$(dirname "$0")/lib.sh"
DURATION=${1:-20s}
require_tools
start_server
TOKEN=$(admin_token)
export HOOK_TOKEN=bench-hook-token-1
HOOK_ID=$(curl -fs -X POST "$BASE/api/workflows" -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{
  "name": "bench webhook", "is_active": true,
  "trigger_node": {"type": "webhook", "config": {"token": "'"$HOOK_TOKEN"'", "response": "last_node"}},
  "nodes": [{"id": "node-set", "type": "set", "name": "set",
             "config": {"values": {"greeting": "Halo {{trigger.body.name}}", "camera": "{{trigger.body.camera}}"}}}]}' \
  | sed -E 's/.*"data":\{"id":"([^"]+)".*/\1/')
URL="$BASE/api/hooks/$HOOK_ID"
curl -fs -X POST "$URL" -H "X-Webhook-Token: $HOOK_TOKEN" -H 'Content-Type: application/json' -d '{"name":"warm","camera":"cam-01"}' >/dev/null
wrk -t2 -c20 -d10s -s "$(dirname "$0")/webhook-set.lua" "$URL" >/dev/null   # warm-up (JIT)
for c in 20 50; do
  out=$(wrk -t2 -c"$c" -d"$DURATION" --latency -s "$(dirname "$0")/webhook-set.lua" "$URL")
  wrk_summary "webhook last_node→set c=$c" "$out"
  ping=$(wrk -t2 -c"$c" -d"$DURATION" --latency "$BASE/api/ces/ping")
  wrk_summary "GET /api/ces/ping c=$c" "$ping"
done
total=$(curl -fs "$BASE/api/workflows/$HOOK_ID/logs?limit=1" -H "Authorization: Bearer $TOKEN" \
  | sed -E 's/.*"total_data":([0-9]+).*/\1/')
echo "executions persisted: $total"
