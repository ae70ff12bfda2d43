#!/usr/bin/env python3
"""Clients of bench/faults-outage.sh.

run BASE TOKEN WORKFLOW API_KEY THREADS STOPFILE OUT: THREADS clients, each sending in turn an event
(POST /api/events, data.seq unique), a CES metrics report (POST /api/ces/metrics, unique node id) and an
execution (POST /api/workflows/WORKFLOW/execute, waiting for its end), until STOPFILE exists. One line per
answer in OUT: sent received kind key status.

report OUT EVENTS METRICS EXECUTIONS BACK: compares what was acknowledged (200) with what the database
holds (the three files: psql dumps) and prints the figures; BACK is when the database accepted
connections again (epoch seconds).
"""
import http.client
import json
import os
import sys
import threading
import time
from urllib.parse import urlparse


def client(base, token, workflow, api_key, index, stop, out, lock):
    url = urlparse(base)
    conn = None
    n = 0
    while not os.path.exists(stop):
        kind = ("event", "metric", "execution")[n % 3]
        key = "c%d-%d" % (index, n)
        n += 1
        if kind == "event":
            path, headers = "/api/events", {"Authorization": "Bearer " + token}
            body = {"events": [{"analytic_type": "OUTAGE", "stream_id": "cam-%d" % index,
                                "event_time": "2025-05-01T00:00:00Z", "data": {"seq": key}}]}
        elif kind == "metric":
            path, headers = "/api/ces/metrics", {"X-API-Key": api_key}
            body = {"id": "o-" + key, "name": "Outage " + key, "ip_address": "10.0.0.1", "total_enrollment": n}
        else:
            path, headers = "/api/workflows/%s/execute" % workflow, {"Authorization": "Bearer " + token}
            body = {"seq": key}
        headers["Content-Type"] = "application/json"
        sent = time.time()
        status, answer = 0, None
        try:
            if conn is None:
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=120)
            conn.request("POST", path, json.dumps(body), headers)
            r = conn.getresponse()
            status, answer = r.status, r.read()
        except (OSError, http.client.HTTPException):
            conn = None
            time.sleep(0.05)
        if kind == "execution" and status == 200:
            try:
                data = json.loads(answer)["data"]
                key = "%s:%s" % (data["id"], data["status"])
            except (ValueError, KeyError, TypeError):
                sys.stderr.write("execution answered 200 with %r\n" % answer[:300])
                key = "unreadable"
        with lock:
            out.write("%.3f %.3f %s %s %d\n" % (sent, time.time(), kind, key, status))


def run(base, token, workflow, api_key, threads, stop, out_path):
    lock = threading.Lock()
    with open(out_path, "w") as out:
        workers = [threading.Thread(target=client, args=(base, token, workflow, api_key, i, stop, out, lock))
                   for i in range(int(threads))]
        for w in workers:
            w.start()
        for w in workers:
            w.join()


def report(out_path, events_path, metrics_path, executions_path, back):
    back = float(back)
    answers = [line.split() for line in open(out_path)]
    statuses = {}
    acked = {"event": set(), "metric": set(), "execution": set()}
    first_ok_after_back = None
    for sent, received, kind, key, status in answers:
        status = int(status)
        statuses[status] = statuses.get(status, 0) + 1
        if status == 200:
            acked[kind].add(key)
            if float(sent) >= back and kind != "execution":
                delay = float(received) - back
                first_ok_after_back = delay if first_ok_after_back is None else min(first_ok_after_back, delay)
    events = {}
    for line in open(events_path):
        seq, count = line.strip().split("|")
        events[seq] = int(count)
    metrics = {line.strip()[2:] for line in open(metrics_path) if line.strip()}
    executions = {}
    for line in open(executions_path):
        if line.strip():
            ident, status = line.strip().split("|")
            executions[ident] = status
    acked_executions = {k.split(":")[0]: k.split(":")[1] for k in acked["execution"]}
    bad = sum(c for s, c in statuses.items() if s >= 500 and s != 503)
    print("answers by status:", dict(sorted(statuses.items())))
    print("answers >= 500 other than 503:", bad)
    print("connection failures (no answer):", statuses.get(0, 0))
    print("events acknowledged %d, lost %d, duplicated %d" % (len(acked["event"]),
          len([k for k in acked["event"] if k not in events]), len([k for k, c in events.items() if c > 1])))
    print("metrics acknowledged %d, lost %d, duplicated %d" % (len(acked["metric"]),
          len([k for k in acked["metric"] if k not in metrics]), 0))
    lost = [k for k, s in acked_executions.items() if executions.get(k) != s]
    print("executions acknowledged %d (%s), lost or changed %d, stored without acknowledgement %d" % (
        len(acked_executions), ", ".join("%s %d" % (s, list(acked_executions.values()).count(s))
                                         for s in sorted(set(acked_executions.values()))),
        len(lost), len([k for k in executions if k not in acked_executions])))
    print("stored executions by status:", {s: list(executions.values()).count(s) for s in sorted(set(executions.values()))})
    print("database back -> first 200 (a request sent after): %s" % (
        "none" if first_ok_after_back is None else "%.0f ms" % (first_ok_after_back * 1000)))


if __name__ == "__main__":
    {"run": run, "report": report}[sys.argv[1]](*sys.argv[2:])
