#!/usr/bin/env bash
# Does pruning keep ahead of a steady stream of executions? A webhook (last_node) → set workflow is
# called at RATE a second (paced-webhook.py) for MINUTES minutes with EXECUTIONS_RETENTION=2m, so
# executions expire as fast as they arrive; every 30 s it prints the rows in workflow_executions and
# workflow_node_results, their size on disk, and what the pruner removed. Flat means it keeps up.
# Usage: bench/history-soak.sh [minutes, default 10] [rate, default 300]
# Ports: HTTP_PORT=23015 ADMIN_PORT=23016 EMBEDDED_DB_PORT=23432 unless set.
export HTTP_PORT=${HTTP_PORT:-23015} ADMIN_PORT=${ADMIN_PORT:-23016} EMBEDDED_DB_PORT=${EMBEDDED_DB_PORT:-23432}
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/history-lib.sh"
MINUTES=${1:-10}
RATE=${2:-300}
export EXECUTIONS_RETENTION=${EXECUTIONS_RETENTION:-2m} EVENTS_RETENTION=0 EXPORTS_RETENTION=0
require_tools
start_server
TOKEN=$(admin_token)
create_webhook_set
python3 "$(dirname "$0")/paced-webhook.py" "$BASE/api/hooks/$HOOK_ID" "$HOOK_TOKEN" "$RATE" $((MINUTES * 60)) > "$DATA_DIR/paced.txt" &
SENDER=$!
echo "time      executions  node_results  size(executions+results)  pruned_total  load"
for _ in $(seq 1 $((MINUTES * 2))); do
  sleep 30
  printf '%s  %10s  %12s  %24s  %12s  %s\n' "$(date +%T)" \
    "$(psql_lenz -At -c 'SELECT count(*) FROM workflow_executions')" \
    "$(psql_lenz -At -c 'SELECT count(*) FROM workflow_node_results')" \
    "$(psql_lenz -At -c "SELECT pg_size_pretty(pg_total_relation_size('workflow_executions') + pg_total_relation_size('workflow_node_results'))")" \
    "$(curl -fs "http://localhost:$ADMIN_PORT/metrics" | python3 -c 'import json,sys; print(json.load(sys.stdin)["meters"]["history.pruned.executions"]["count"])')" \
    "$(cut -d' ' -f1-3 /proc/loadavg)"
done
wait $SENDER
cat "$DATA_DIR/paced.txt"
echo "health: $(curl -s "http://localhost:$ADMIN_PORT/healthcheck" | python3 -c 'import json,sys; print(json.load(sys.stdin)["history-pruning"])')"
