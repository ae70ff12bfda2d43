#!/usr/bin/env bash
# 1,000 workflows scheduled for the same second: how long after the scheduled time each execution
# started (p50, p99, max) and how many ran (must be all). Needs psql (apt-get install postgresql-client).
# Usage: bench/scheduler-spread.sh [workflows, default 1000]
source "$(dirname "$0")/lib.sh"
COUNT=${1:-1000}
require_tools
command -v psql >/dev/null || { echo "psql is missing: apt-get install -y postgresql-client" >&2; exit 1; }
start_server
TOKEN=$(admin_token)
# The shared second: far enough ahead to create every workflow first.
FIRE_AT=$(date -u -d "+${LEAD:-75} seconds" +%s)   # LEAD: more on a loaded machine
CRON="$(date -u -d @"$FIRE_AT" +'%-S %-M %-H') * * *"
echo "creating $COUNT workflows with cron '$CRON' (UTC), due at $(date -u -d @"$FIRE_AT" +%H:%M:%S)"
for i in $(seq 1 "$COUNT"); do
  printf '{"name":"spread %d","is_active":true,"trigger_node":{"type":"schedule","config":{"cron":"%s","timezone":"UTC"}},"nodes":[{"id":"n1","type":"set","name":"set","config":{"values":{"i":%d,"at":"{{trigger.scheduled_for}}"}}}]}' "$i" "$CRON" "$i"
  echo
done | xargs -P 8 -d '\n' -I{} curl -fs -o /dev/null -X POST "$BASE/api/workflows" \
  -H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' -d '{}'
NOW=$(date -u +%s)
[ "$NOW" -lt "$FIRE_AT" ] || { echo "creating took too long; run with fewer workflows" >&2; exit 1; }
sleep $((FIRE_AT - NOW + 20))
PSQL="psql -h localhost -p $EMBEDDED_DB_PORT -U postgres -d lenz -At -F ' '"
eval "$PSQL" <<SQL
SELECT 'executions started: ' || count(*) FROM workflow_executions WHERE trigger_type = 'schedule';
SELECT 'claims by outcome: ' || string_agg(outcome || '=' || n, ', ') FROM (SELECT outcome, count(*) n FROM schedule_claims GROUP BY outcome) x;
SELECT 'claimed after the scheduled second (ms): min ' || round(min(d)) || ', p50 ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY d))
    || ', max ' || round(max(d))
FROM (SELECT extract(epoch FROM claimed_at - scheduled_for) * 1000 AS d FROM schedule_claims) x;
SELECT 'start delay after the scheduled second (ms): p50 ' || round(percentile_cont(0.5) WITHIN GROUP (ORDER BY d))
    || ', p99 ' || round(percentile_cont(0.99) WITHIN GROUP (ORDER BY d)) || ', max ' || round(max(d))
FROM (SELECT extract(epoch FROM e.started_at - c.scheduled_for) * 1000 AS d
      FROM schedule_claims c JOIN workflow_executions e ON e.id = c.execution_id) x;
SQL
