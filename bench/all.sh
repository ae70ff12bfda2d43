#!/usr/bin/env bash
# Every benchmark in turn, one server at a time; prints each one's summary lines at the end (full
# outputs in the folder it names). Skip some with SKIP="faults-outage export-vs-copy".
# Usage: bench/all.sh
set -uo pipefail
DIR=$(cd "$(dirname "$0")" && pwd)
OUT=$(mktemp -d /tmp/lenz-bench-all-XXXXXX)
BENCHES=(
  "ping|$DIR/ping.sh 20s 64"
  "webhook-set|$DIR/webhook-set.sh 15s"
  "cluster-webhook|$DIR/cluster-webhook.sh 3 20s 30"
  "workflows-execute|WARMUP=30s $DIR/workflows-execute.sh 20s 32"
  "ces-metrics|$DIR/ces-metrics.sh 20s 64"
  "scheduler-spread|$DIR/scheduler-spread.sh 1000"
  "start|RUNS=5 $DIR/start.sh"
  "events-ingest|$DIR/events-ingest.sh 20s 8"
  "replication-status|$DIR/replication-status.sh 20s 16"
  "login-flood|$DIR/login-flood.sh 20 32"
  "export-vs-copy|$DIR/export-vs-copy.sh 1000000"
  "faults-shutdown|$DIR/faults-shutdown.sh 30s"
  "faults-outage|$DIR/faults-outage.sh 20 8"
)
# The lines each benchmark ends with that carry its figures.
SUMMARY='req/s|CPU per|pings of CPU|executions|start delay|claims|first start|restart|ratio|heap|lost|first 200|exit after|load average|commit budget'
for entry in "${BENCHES[@]}"; do
  name=${entry%%|*} command=${entry#*|}
  case " ${SKIP:-} " in *" $name "*) continue ;; esac
  echo "== $name: $command ($(date -u +%H:%M:%S), load average $(cut -d' ' -f1-3 /proc/loadavg))"
  bash -c "$command" > "$OUT/$name.log" 2>&1 || echo "   (exit $?)"
done
echo
echo "Summary (outputs in $OUT):"
for entry in "${BENCHES[@]}"; do
  name=${entry%%|*}
  [ -f "$OUT/$name.log" ] || continue
  echo "== $name"
  grep -E "$SUMMARY" "$OUT/$name.log" | grep -vE '^\s+[0-9]+(\.[0-9]+)?%|Latency|Thread Stats' | tail -20 | sed 's/^/   /'
done
