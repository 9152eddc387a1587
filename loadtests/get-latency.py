#!/usr/bin/env python3
"""GET each path N times over one keep-alive connection, after 10 unmeasured requests, and print
p50 / p99 in ms: for comparing two `portico serve` processes on one database, alternating, where
wrk is not installed.

    loadtests/get-latency.py PORT API_KEY N PATH [PATH ...]
"""
import http.client
import sys
import time

if len(sys.argv) < 5:
    sys.exit(__doc__)
port, key, count = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
connection = http.client.HTTPConnection("127.0.0.1", port)
for path in sys.argv[4:]:
    latencies = []
    for index in range(count + 10):
        start = time.perf_counter()
        connection.request("GET", path, headers={"Authorization": "Bearer " + key})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            sys.exit(f"{path}: HTTP {response.status}: {body[:200]!r}")
        if index >= 10:
            latencies.append((time.perf_counter() - start) * 1000)
    latencies.sort()
    print(f"{path[:90]:90s} p50 {latencies[len(latencies) // 2]:.2f} p99 {latencies[int(len(latencies) * 0.99) - 1]:.2f} ms")
