#!/usr/bin/env bash
# Build and run the test suite against the local cluster (start it first: `make test` does).
# Extra `swift test` arguments come from TEST_ARGS (word-split) and/or this script's arguments, e.g.
#   make test TEST_ARGS='--filter CatalogTests'
# Each run starts from a recreated portico_test database (see `ops/postgres.sh reset-test`).
# With CI set (CI=true), the database is stopped afterwards whatever the outcome.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

case "${CI:-}" in
    "" | false | 0 | no) ;;
    *) trap 'ops/postgres.sh stop || true' EXIT ;;
esac

ops/postgres.sh reset-test
eval "$(ops/postgres.sh env)"
export PORTICO_TEST_DATABASE_URL PORTICO_TEST_ADMIN_DATABASE_URL

set -f # no globbing while word-splitting TEST_ARGS
# shellcheck disable=SC2206
extra=(${TEST_ARGS:-} "$@")
set +f

# The process tests run the real `portico` binary, so build it explicitly along with the tests.
swift build --product portico
swift build --build-tests
status=0
# At most 12 tests at once: the suite's 128 suites all at once on 2 cores starve each other's
# tasks for tens of seconds (transactions left open mid-way, holding locks others wait for), and
# tests then time out for no fault of the code. 12 wide, a whole run takes about 80 s here.
swift test --experimental-maximum-parallelization-width "${TEST_WIDTH:-12}" ${extra[@]+"${extra[@]}"} || status=$?
# Restarting PostgreSQL under load would fail whatever else runs at the time, so that test runs
# alone, after the rest (and only in a whole run).
if ((${#extra[@]} == 0)); then
    PORTICO_TEST_RESTART_DATABASE=1 swift test --skip-build --filter DatabaseRestartTests || status=$?
fi
exit "$status"
