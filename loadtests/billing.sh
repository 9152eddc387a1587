#!/usr/bin/env bash
# Billing (issue 11): `portico bench billing`, in a throw-away database, one part after the other
# (BENCH_PARTS, default "run metering usage"):
#   - run: BENCH_TENANTS (10,000) tenants written with set-based SQL (a free/team/enterprise mix,
#     upgrades mid-period, downgrades and cancellations at its end, trials ending, late usage for an
#     invoiced October, overdue invoices, taxed profiles), each with a month of usage records and
#     their daily totals, on test clocks two hours after the month ended; then the billing run of
#     the module itself (not dry) against one set-based SELECT of the same usage, and a second run;
#   - metering: wrk on GET /v1/tenant against the in-process server with the request usage meter
#     and built without it, BENCH_WRK_ROUNDS (3) alternating rounds of BENCH_WRK_SECONDS (10) at
#     BENCH_WRK_CONNECTIONS (32); then a `portico serve` process killed with SIGKILL mid-traffic
#     BENCH_KILL_TRIALS (3) times, counting what reached control.usage_records;
#   - usage: GET /v1/billing/usage (BENCH_USAGE_REQUESTS, 1,000) while a writer records usage through
#     the ledger for the same and other tenants, against GET /v1/tenant in the same loop.
#
#   loadtests/billing.sh                                  # everything (~10 min on a quiet host)
#   BENCH_PARTS=run BENCH_TENANTS=2000 loadtests/billing.sh  # a quick look at the run
#
# Goals (issue 11): the run over 10,000 tenants <= 60 s; metered >= 0.95 of unmetered req/s;
# GET /v1/billing/usage p99 <= 20 ms while usage flows in.
# shellcheck source=loadtests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_postgres
ensure_wrk
build_release
wait_for_quiet
log "$(machine_summary)"
create_bench_db

parts=()
for part in ${BENCH_PARTS:-run metering usage}; do parts+=(--part "$part"); done

"$BIN" bench billing "${parts[@]}" --database-url "$PORTICO_DATABASE_URL" \
    --tenants "${BENCH_TENANTS:-10000}" --request-records "${BENCH_REQUEST_RECORDS:-4000}" \
    --wrk-seconds "${BENCH_WRK_SECONDS:-10}" --wrk-rounds "${BENCH_WRK_ROUNDS:-3}" --wrk-connections "${BENCH_WRK_CONNECTIONS:-32}" \
    --kill-trials "${BENCH_KILL_TRIALS:-3}" --usage-requests "${BENCH_USAGE_REQUESTS:-1000}" \
    --writer-batch "${BENCH_WRITER_BATCH:-50}" --port "$(free_port)" 2>"$WORK/bench.log"
