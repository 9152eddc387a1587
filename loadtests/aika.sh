#!/usr/bin/env bash
# AiKA's quality and speed (`portico bench aika --part all`):
#   - quality: the evaluation corpus (loadtests/aika/corpus: catalog, 44 pages, 146 questions) in one
#     tenant, pushed over loopback HTTP; every question searched and asked: recall@5 of the expected
#     passage (and of its page), MRR@10, answered rates, catalog answers naming exactly the expected
#     refs, false answers to the unanswerable questions;
#   - speed: BENCH_OTHER_TENANTS (20) tenants of BENCH_OTHER_CHUNKS (2,000) synthetic passages, then one
#     tenant of BENCH_CHUNKS (50,000): indexing rate over HTTP (provider pushes of 500 pages from
#     BENCH_CLIENTS (4) clients), then search over HTTP for selective and unselective questions,
#     BENCH_REQUESTS (200) each, against the raw SQL floor and a bare route, in the same run.
#
#   loadtests/aika.sh
#   BENCH_VERBOSE=1 loadtests/aika.sh     # also one line per missed question and per query
#   BENCH_PART=quality loadtests/aika.sh  # only one part (quality | speed | all)
#
# Goals (issue): recall@5 >= 0.90 lexical-only; false answers on unanswerable questions <= 5 %;
# indexing >= 500 passages/s; search p95 <= 50 ms at 50,000 passages.
# shellcheck source=loadtests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_postgres
build_release
wait_for_quiet
log "$(machine_summary)"
create_bench_db

verbose=()
[[ "${BENCH_VERBOSE:-0}" == 1 ]] && verbose=(--verbose)

# The bench writes each line as it is measured, straight to this script's stdout (no pipe in between).
PORTICO_LOG_LEVEL=warning "$BIN" bench aika --part "${BENCH_PART:-all}" "${verbose[@]}" \
    --corpus "$SRC/loadtests/aika/corpus" \
    --chunks "${BENCH_CHUNKS:-50000}" --other-tenants "${BENCH_OTHER_TENANTS:-20}" \
    --other-chunks "${BENCH_OTHER_CHUNKS:-2000}" --clients "${BENCH_CLIENTS:-4}" \
    --requests "${BENCH_REQUESTS:-200}" --port "$(free_port)" 2>"$WORK/bench.log"
