# shellcheck shell=bash
# Shared helpers for the load-test scripts in this folder; sourced, never run directly.
#
# Every script gets: a throw-away benchmark database (BENCH_DB, default portico_bench) created and
# dropped with psql against the `postgres` maintenance database, the release binary, background
# processes that are always stopped on exit, and small timing/HTTP helpers. Traffic goes to
# 127.0.0.1 only.
#
# Environment (all optional):
#   BENCH_DB          benchmark database name (default portico_bench; must start with portico_bench)
#   BENCH_KEEP_DB=1   keep the database (and its tenant roles) after the run, for inspection
#   BENCH_SKIP_BUILD=1  do not run `swift build`; use the existing release binary
#   PORTICO_PG_PORT   PostgreSQL port (default 54329), as for ops/postgres.sh
#   PORTICO_BIN       binary to benchmark (default .build-release/release/portico)

set -Eeuo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

PG_HOST=127.0.0.1
PG_PORT="${PORTICO_PG_PORT:-54329}"
PG_USER=portico
BENCH_DB="${BENCH_DB:-portico_bench}"
BIN="${PORTICO_BIN:-$ROOT/.build-release/release/portico}"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/portico-bench.XXXXXX")"

# A typo must never point the drop-database step at real data.
[[ "$BENCH_DB" =~ ^portico_bench[a-z0-9_]*$ ]] || { echo "BENCH_DB must start with portico_bench, got '$BENCH_DB'" >&2; exit 2; }

export PORTICO_DATABASE_URL="postgres://${PG_USER}@${PG_HOST}:${PG_PORT}/${BENCH_DB}?sslmode=disable"
export PORTICO_LOG_LEVEL=warning
MIGRATIONS_FROM_USER="${PORTICO_MIGRATIONS_PATH:-}"
export PORTICO_MIGRATIONS_PATH="${PORTICO_MIGRATIONS_PATH:-$ROOT/Migrations}"

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "error: $*"; exit 1; }

# psql against the benchmark database (or another one with -d first).
bench_psql() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d "$BENCH_DB" "$@"; }
admin_psql() { psql -X -q -v ON_ERROR_STOP=1 -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres "$@"; }

now() { date +%s.%N; }
# elapsed START [END]: seconds with millisecond precision.
elapsed() { awk -v a="$1" -v b="${2:-$(now)}" 'BEGIN { printf "%.3f", b - a }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f", a / b }'; }

# --------------------------------------------------------------------------------------------------
# prerequisites

ensure_postgres() {
    if ! pg_isready -q -h "$PG_HOST" -p "$PG_PORT" 2>/dev/null; then
        log "starting the local PostgreSQL (ops/postgres.sh ensure)"
        ops/postgres.sh ensure
    fi
}

ensure_wrk() {
    command -v wrk >/dev/null 2>&1 && return 0
    log "wrk not found; installing it with apt-get"
    command -v apt-get >/dev/null 2>&1 || die "wrk is missing and apt-get is not available; install wrk"
    local sudo=()
    [[ "$(id -u)" == 0 ]] || sudo=(sudo)
    "${sudo[@]}" apt-get update -qq >/dev/null
    "${sudo[@]}" apt-get install -y -qq wrk >/dev/null
    command -v wrk >/dev/null 2>&1 || die "installing wrk failed"
}

# The code under test. Other engineers edit Sources/ while benchmarks run, so by default the release
# binary is built from a clean snapshot of the committed HEAD (extracted with `git archive` into
# .build-release-src/, git-ignored) and the summary names that commit; BENCH_SOURCE=worktree builds
# the working tree as it is instead. Either way the build folder is .build-release (incremental).
SRC="$ROOT"
build_release() {
    if [[ -n "${PORTICO_BIN:-}" ]]; then
        [[ -x "$BIN" ]] || die "PORTICO_BIN=$BIN is not executable"
        BUILD_COMMIT="custom binary $BIN"
        return 0
    fi
    local snapshot="$ROOT/.build-release-src"
    if [[ "${BENCH_SKIP_BUILD:-0}" == 1 ]]; then
        [[ -x "$BIN" ]] || die "$BIN not found (unset BENCH_SKIP_BUILD to build it)"
        [[ -f "$snapshot/.commit" && "${BENCH_SOURCE:-head}" == head ]] && SRC="$snapshot" BUILD_COMMIT="$(cat "$snapshot/.commit")"
        set_migrations_path
        return 0
    fi
    case "${BENCH_SOURCE:-head}" in
        head)
            BUILD_COMMIT="$(git rev-parse --short HEAD)"
            local fresh="$WORK/snapshot"
            mkdir -p "$fresh" "$snapshot"
            git archive HEAD | tar -x -C "$fresh"
            [[ -f Package.resolved ]] && cp Package.resolved "$fresh/"
            echo "$BUILD_COMMIT" >"$fresh/.commit"
            # Copy only what changed, so unchanged files keep their times and the build stays incremental.
            local f changed=0
            while IFS= read -r -d '' f; do
                cmp -s "$fresh/$f" "$snapshot/$f" || { mkdir -p "$(dirname "$snapshot/$f")"; cp "$fresh/$f" "$snapshot/$f"; changed=1; }
            done < <(cd "$fresh" && find . -type f -print0)
            while IFS= read -r -d '' f; do
                [[ -e "$fresh/$f" ]] || { rm -f "$snapshot/$f"; changed=1; }
            done < <(cd "$snapshot" && find . -type f -not -path './.build/*' -print0)
            # An incremental release build once left a module compiled against an older layout of a
            # struct another module had changed (a crash at run time), so when anything changed, all
            # of Portico's own modules are rebuilt (under a minute; dependencies stay built).
            ((changed == 0)) || find "$snapshot/Sources" -name '*.swift' -exec touch {} +
            SRC="$snapshot"
            ;;
        worktree)
            BUILD_COMMIT="$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- Sources Migrations Package.swift 2>/dev/null || echo '+uncommitted-changes')"
            ;;
        *) die "BENCH_SOURCE must be head or worktree" ;;
    esac
    log "building the release binary of $BUILD_COMMIT (swift build -c release --scratch-path .build-release)"
    swift build -c release --package-path "$SRC" --scratch-path "$ROOT/.build-release" >"$WORK/build.log" 2>&1 ||
        { tail -n 40 "$WORK/build.log" >&2; die "release build failed"; }
    [[ -x "$BIN" ]] || die "$BIN missing after the build"
    set_migrations_path
}

# The migrations that belong to the binary under test (unless PORTICO_MIGRATIONS_PATH was given).
set_migrations_path() {
    [[ -n "${MIGRATIONS_FROM_USER:-}" ]] || export PORTICO_MIGRATIONS_PATH="$SRC/Migrations"
}

# --------------------------------------------------------------------------------------------------
# the benchmark database
#
# Tenant provisioning creates one role per tenant schema (`t_<32 hex>`), and roles are cluster-wide:
# dropping the database alone would leave them behind in the cluster that `portico` and
# `portico_test` share. So the tenant roles are listed from the bench database's own tenant schemas
# first, and dropped after the database.

drop_bench_db() {
    local exists roles_file="$WORK/roles-to-drop.txt"
    exists="$(admin_psql -At -c "SELECT 1 FROM pg_database WHERE datname = '$BENCH_DB'")"
    if [[ "$exists" == 1 ]]; then
        bench_psql -At -c "SELECT nspname FROM pg_namespace WHERE nspname ~ '^t_[0-9a-f]{32}\$'" >"$roles_file" || : >"$roles_file"
        admin_psql -c "DROP DATABASE \"$BENCH_DB\" WITH (FORCE)"
        if [[ -s "$roles_file" ]]; then
            # Only roles that exist; each is unique to one schema of the dropped database.
            awk '{ printf "DROP ROLE IF EXISTS \"%s\";\n", $1 }' "$roles_file" | admin_psql >/dev/null
        fi
        log "dropped database $BENCH_DB and $(wc -l <"$roles_file") tenant role(s)"
    fi
}

create_bench_db() {
    drop_bench_db
    admin_psql -c "CREATE DATABASE \"$BENCH_DB\" OWNER $PG_USER"
    log "created database $BENCH_DB"
}

migrate_bench_db() {
    "$BIN" migrate >"$WORK/migrate-initial.out" 2>"$WORK/migrate-initial.err" || { cat "$WORK/migrate-initial.err" >&2; die "portico migrate failed"; }
}

# --------------------------------------------------------------------------------------------------
# background processes

BG_PIDS=()

# start_bg NAME CMD...: runs CMD in the background with its output in $WORK/NAME.log.
start_bg() {
    local name="$1"
    shift
    "$@" >"$WORK/$name.log" 2>&1 &
    BG_PIDS+=("$!")
    log "started $name (PID $!)"
}

stop_bg() {
    local pid
    for pid in "${BG_PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${BG_PIDS[@]}"; do
        for _ in $(seq 1 150); do # up to 15 s each for a graceful stop
            kill -0 "$pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true
    done
    BG_PIDS=()
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_bg
    if [[ "${BENCH_KEEP_DB:-0}" == 1 ]]; then
        log "keeping database $BENCH_DB (BENCH_KEEP_DB=1); drop it by re-running without it"
    else
        drop_bench_db || log "warning: dropping $BENCH_DB failed"
    fi
    if ((rc != 0)); then
        for f in "$WORK"/*.log; do
            [[ -f "$f" ]] || continue
            log "--- last lines of $(basename "$f")"
            tail -n 15 "$f" >&2
        done
    fi
    rm -rf "$WORK"
    exit "$rc"
}
trap cleanup EXIT
trap 'log "failed (exit $?) at ${BASH_SOURCE[0]##*/}:$LINENO: $BASH_COMMAND"' ERR
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

# start_serve NAME [ENV=VALUE...]: starts `portico serve` on a free port, sets BASE and SERVE_PID, waits
# for readiness.
start_serve() {
    local name="$1"
    shift
    local port
    port="$(free_port)"
    start_bg "$name" env "$@" "$BIN" serve --host 127.0.0.1 --port "$port"
    SERVE_PID="${BG_PIDS[-1]}"
    BASE="http://127.0.0.1:$port"
    wait_http "$BASE/health/ready" 30
}

start_worker() {
    local name="$1"
    shift
    start_bg "$name" env "$@" "$BIN" worker --name "bench-$name"
}

# wait_http URL SECONDS: until URL answers 200.
wait_http() {
    local url="$1" limit="$2" start=$SECONDS
    until [[ "$(curl -s -o /dev/null -w '%{http_code}' "$url" 2>/dev/null)" == 200 ]]; do
        ((SECONDS - start < limit)) || die "$url did not answer 200 within ${limit}s"
        sleep 0.2
    done
}

# machine_summary: one line for RESULTS.md.
machine_summary() {
    local model
    model="$(lscpu 2>/dev/null | awk -F: '/Model name/ { gsub(/^ +/, "", $2); print $2; exit }')"
    echo "host: $(nproc) CPU(s) (${model:-unknown}), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo) RAM," \
        "$(psql --version | awk '{ print "PostgreSQL client " $3 }'), server $(admin_psql -At -c 'SHOW server_version')," \
        "binary built at ${BUILD_COMMIT:-unknown (not built by this run)}," \
        "load average: $(cut -d' ' -f1-3 /proc/loadavg)," \
        "cpu reference: $(cpu_reference) ms"
}

# cpu_reference: best of 3 runs of a fixed single-threaded Python loop, in ms. The host's speed was
# seen to drift by up to 2x over an hour (a shared VM), so compare figures across runs only together
# with this number; ratios within one run are more robust.
cpu_reference() {
    python3 -c 'import time
best = min((lambda t: (sum(i * i for i in range(3_000_000)), time.perf_counter() - t)[1])(time.perf_counter()) for _ in range(3))
print(round(best * 1000))'
}

# busy_percent SECONDS: share of all CPUs busy over the next SECONDS.
busy_percent() {
    local a b
    a="$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)"
    sleep "$1"
    b="$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8, $2 + $3 + $4 + $5 + $6 + $7 + $8 }' /proc/stat)"
    awk -v a="$a" -v b="$b" 'BEGIN { split(a, x, " "); split(b, y, " "); printf "%.0f", 100 * (y[1] - x[1]) / (y[2] - x[2]) }'
}

# cpu_ticks PID...: user + system CPU the processes used so far, in clock ticks. With no PID, every
# PostgreSQL process (only the bench cluster runs on these machines).
cpu_ticks() {
    local pids=("$@")
    if ((${#pids[@]} == 0)); then
        mapfile -t pids < <(grep -lx postgres /proc/[0-9]*/comm 2>/dev/null | cut -d/ -f3)
    fi
    local total=0 pid fields
    for pid in "${pids[@]}"; do
        fields="$(cut -d')' -f2 "/proc/$pid/stat" 2>/dev/null)" || continue
        total=$((total + $(awk '{ print $12 + $13 }' <<<"$fields")))
    done
    echo "$total"
}

# cpu_ms_per_request BEFORE AFTER REQUESTS: milliseconds of CPU per request between two cpu_ticks.
# Contention from other tenants of a shared host stretches wall time, not CPU time: compare changes
# by this where requests per second swing with the host.
cpu_ms_per_request() {
    awk -v a="$1" -v b="$2" -v n="$3" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", (n > 0) ? (b - a) * 1000 / hz / n : 0 }'
}

# wait_for_quiet: on 2 cores anything else running (a build, a test suite) distorts the figures, so
# wait (BENCH_QUIET_WAIT seconds at most, default 600) until the machine is under 20% busy.
wait_for_quiet() {
    local limit="${BENCH_QUIET_WAIT:-600}" start=$SECONDS busy
    while :; do
        busy="$(busy_percent 3)"
        ((busy < 20)) && { log "machine is quiet (${busy}% busy)"; return 0; }
        if ((SECONDS - start >= limit)); then
            log "warning: the machine is still ${busy}% busy after ${limit}s; measuring anyway (figures will be low)"
            return 0
        fi
        log "machine is ${busy}% busy with other work; waiting for it to settle"
        sleep 7
    done
}
