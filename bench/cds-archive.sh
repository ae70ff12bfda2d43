#!/usr/bin/env bash
# Writes a class-data sharing archive (AppCDS) for the built jar: starts the server once on a scratch
# DATA_DIR with -XX:ArchiveClassesAtExit, waits for the first 200 of ping, stops it; the JVM writes the
# classes it loaded. Later starts with -XX:SharedArchiveFile=<file> map them instead of loading,
# parsing and verifying them again. The archive fits only the jar it was made from (same path, same file).
# Usage: bench/cds-archive.sh [archive file, default target/lenz-central.jsa]
source "$(dirname "$0")/lib.sh"
ARCHIVE=${1:-${JAR%.jar}.jsa}
export LOG_LEVEL=WARN
export DATA_DIR=$(mktemp -d /tmp/lenz-cds-XXXXXX)
export EXPORT_DIR="$DATA_DIR/exports"
trap 'rm -rf "$DATA_DIR"' EXIT
if curl -fs -o /dev/null "$BASE/api/ces/ping" 2>/dev/null; then
  echo "something already answers on $BASE: choose other HTTP_PORT / ADMIN_PORT / EMBEDDED_DB_PORT" >&2; exit 1
fi
java ${BENCH_JAVA_OPTS:--Xmx2g} -XX:ArchiveClassesAtExit="$ARCHIVE" -jar "$JAR" server "$BENCH_ROOT/config.yml" > "$DATA_DIR/server.log" 2>&1 &
pid=$!
until curl -fs -o /dev/null "$BASE/api/ces/ping" 2>/dev/null; do
  kill -0 "$pid" 2>/dev/null || { echo "server exited; log:" >&2; tail -30 "$DATA_DIR/server.log" >&2; exit 1; }
  sleep 0.1
done
kill "$pid"; wait "$pid" || true
ls -l "$ARCHIVE"
