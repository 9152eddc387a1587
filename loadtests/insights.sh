#!/usr/bin/env bash
# Insights at scale (issue 9): `portico bench insights`, per data shape (BENCH_SHAPES, default
# "hot wide": 2,000 users on a few hot entities; 50,000 users over a long tail of 200,000 entities),
# each in its own tenant with a catalog of people, beside BENCH_OTHER_TENANTS (100) tenants of
# BENCH_OTHER_EVENTS (20,000) events:
#   - bulk: events over five weeks loaded with COPY, BENCH_CHUNK (1,000,000) at a time, each chunk
#     rolled up by the module's own job in an in-process worker (rollup cost per 1M events);
#   - ingestion: BENCH_INGEST_EVENTS (300,000) events over loopback HTTP in batches of BENCH_BATCH
#     (500) from BENCH_CLIENTS (4) clients, the rollup worker running, against COPY of the same rows
#     (psql, in the same run); freshness of marker events sent meanwhile (accepted -> in a report);
#   - every report over HTTP (BENCH_REQUESTS, 10, each) against the raw-SQL scan of the events it
#     replaces (BENCH_FLOOR_RUNS, 1, each), over the whole five weeks, BENCH_EVENTS events in the tenant;
#   - bytes on disk per stored event, and the rollup tables' size.
#
#   loadtests/insights.sh                          # default: 2,000,000 events per shape (~15 min on a quiet host)
#   BENCH_EVENTS=10000000 loadtests/insights.sh     # the issue's 10 million (~45 min per shape)
#
# Goals (issue 9): ingestion >= 50,000 events/s and >= 0.5 of COPY; freshness p99 <= 60 s under that
# load; every report p95 <= 100 ms over 10 million events of one tenant.
# shellcheck source=loadtests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_postgres
build_release
wait_for_quiet
log "$(machine_summary)"
create_bench_db

shapes=()
for shape in ${BENCH_SHAPES:-hot wide}; do shapes+=(--shape "$shape"); done

PORTICO_LOG_LEVEL=warning "$BIN" bench insights "${shapes[@]}" \
    --events "${BENCH_EVENTS:-2000000}" --ingest-events "${BENCH_INGEST_EVENTS:-300000}" \
    --batch "${BENCH_BATCH:-500}" --clients "${BENCH_CLIENTS:-4}" --chunk "${BENCH_CHUNK:-1000000}" \
    --other-tenants "${BENCH_OTHER_TENANTS:-100}" --other-events "${BENCH_OTHER_EVENTS:-20000}" \
    --requests "${BENCH_REQUESTS:-10}" --floor-runs "${BENCH_FLOOR_RUNS:-1}" \
    --psql "$(command -v psql)" --port "$(free_port)" 2>"$WORK/bench.log"
