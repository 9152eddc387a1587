#!/usr/bin/env bash
# Run Portico locally against the dev cluster: migrate, print demo credentials, start a worker in the
# background and the API server in the foreground on 127.0.0.1:8080 (PORTICO_PORT moves it). Ctrl-C stops both; the database
# keeps running (stop it with `make stop`). Normally invoked by `make run`, which starts the database
# and builds first.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

BIN="${PORTICO_BIN:-$ROOT/.build/debug/portico}"
[[ -x "$BIN" ]] || { echo "run-local.sh: $BIN not found; run 'swift build' (or 'make run')" >&2; exit 1; }

eval "$(ops/postgres.sh env)" # PORTICO_DATABASE_URL -> the `portico` database
export PORTICO_DATABASE_URL
export PORTICO_HOST="${PORTICO_HOST:-127.0.0.1}"
export PORTICO_PORT="${PORTICO_PORT:-8080}"
# Lets a developer register catalog locations served from their own machine.
export PORTICO_OUTBOUND_ALLOW_LOOPBACK=true
# Keys that seal tenants' secrets at rest (AiKA's model keys, signals' hook secrets and cluster
# tokens): made once for this checkout, kept beside the dev cluster (ignored by git).
key_file="$ROOT/.portico/dev-sealing-key"
if [[ ! -s "$key_file" ]]; then
    mkdir -p "$(dirname "$key_file")"
    (umask 077 && head -c 32 /dev/urandom | base64 > "$key_file")
fi
export PORTICO_AIKA_KEY_ENCRYPTION_KEY="${PORTICO_AIKA_KEY_ENCRYPTION_KEY:-$(cat "$key_file")}"
export PORTICO_SIGNALS_KEY_ENCRYPTION_KEY="${PORTICO_SIGNALS_KEY_ENCRYPTION_KEY:-$(cat "$key_file")}"

# A second `make run` finds the first one's port taken: say so instead of failing on bind.
if (exec 3<>"/dev/tcp/$PORTICO_HOST/$PORTICO_PORT") 2>/dev/null; then
    if curl -fsS -m 2 "http://$PORTICO_HOST:$PORTICO_PORT/health/live" >/dev/null 2>&1; then
        echo "run-local.sh: Portico is already serving on http://$PORTICO_HOST:$PORTICO_PORT (another make run?);" \
            "use it, stop it with Ctrl-C in its terminal, or pick another port with PORTICO_PORT=..." >&2
        exit 0
    fi
    echo "run-local.sh: something else is listening on $PORTICO_HOST:$PORTICO_PORT; stop it or pick another port with PORTICO_PORT=..." >&2
    exit 1
fi

"$BIN" migrate
"$BIN" demo

worker_pid=""
stop_worker() {
    local rc=$?
    trap - EXIT INT TERM
    if [[ -n "$worker_pid" ]] && kill -0 "$worker_pid" 2>/dev/null; then
        echo "run-local.sh: stopping worker (PID $worker_pid)" >&2
        kill -TERM "$worker_pid" 2>/dev/null || true
        for _ in $(seq 1 100); do # up to 10 s for a graceful shutdown
            kill -0 "$worker_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$worker_pid" 2>/dev/null || true
        wait "$worker_pid" 2>/dev/null || true
    fi
    exit "$rc"
}
trap stop_worker EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

"$BIN" worker &
worker_pid=$!
echo "run-local.sh: worker started (PID $worker_pid); serving on http://$PORTICO_HOST:$PORTICO_PORT" >&2

# Not exec: the shell must stay around to run the trap and stop the worker.
"$BIN" serve
