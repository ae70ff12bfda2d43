#!/usr/bin/env python3
"""POST to a webhook at a steady rate (requests spread evenly over threads, each keeping its connection
alive), for history-soak.sh. Prints the achieved rate and the status counts at the end.
Usage: paced-webhook.py URL TOKEN RATE SECONDS [THREADS]"""
import http.client
import sys
import threading
import time
import urllib.parse
from collections import Counter

url, token, rate, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3]), float(sys.argv[4])
threads = int(sys.argv[5]) if len(sys.argv) > 5 else 16
parts = urllib.parse.urlsplit(url)
body = b'{"name": "Budi", "camera": "cam-01", "similarity": 0.91}'
statuses = Counter()
lock = threading.Lock()
start = time.monotonic() + 0.5


def run(index):
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    interval = threads / rate
    n = 0
    while True:
        at = start + index / rate + n * interval
        if at - start > seconds:
            return
        pause = at - time.monotonic()
        if pause > 0:
            time.sleep(pause)
        try:
            conn.request("POST", parts.path, body, {"Content-Type": "application/json", "X-Webhook-Token": token})
            response = conn.getresponse()
            response.read()
            status = response.status
        except Exception as e:  # a dropped connection: count it and open a new one
            status = type(e).__name__
            conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        with lock:
            statuses[status] += 1
        n += 1


workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
for w in workers:
    w.start()
for w in workers:
    w.join()
elapsed = time.monotonic() - start
total = sum(statuses.values())
print(f"sent {total} in {elapsed:.0f} s = {total / elapsed:.0f}/s; statuses {dict(statuses)}")
