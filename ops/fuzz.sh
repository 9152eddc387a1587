#!/usr/bin/env bash
# Fuzz the API against its own OpenAPI document with schemathesis (PyPI), bounded in time:
# a fresh `portico_fuzz` database on the local cluster, a demo tenant (enterprise plan) and an
# operator in it, a debug `portico serve` on a free port, then schemathesis with the tenant key for
# the `apiKey` scheme and the operator token for `operatorToken`. Stops the server it started;
# the cluster keeps running (`make stop`). Normally invoked by `make fuzz`.
#   FUZZ_SECONDS       time budget for schemathesis (default 180)
#   FUZZ_MAX_EXAMPLES  examples per operation and phase (default 30)
#   extra arguments go to `schemathesis run`, e.g. ops/fuzz.sh --include-path-regex '^/api/'
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

FUZZ_DIR="$ROOT/.fuzz"
VENV="$FUZZ_DIR/venv"
if [[ ! -x "$VENV/bin/schemathesis" ]]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet 'schemathesis>=4,<5'
fi

ops/postgres.sh ensure
eval "$(ops/postgres.sh env)"
PORTICO_DATABASE_URL="$(sed -E 's#/portico([?]|$)#/portico_fuzz\1#' <<<"$PORTICO_DATABASE_URL")"
export PORTICO_DATABASE_URL
psql -q "$PORTICO_TEST_ADMIN_DATABASE_URL" -c 'DROP DATABASE IF EXISTS portico_fuzz WITH (FORCE)' -c 'CREATE DATABASE portico_fuzz'

swift build --product portico
BIN="$ROOT/.build/debug/portico"
"$BIN" migrate >/dev/null
"$BIN" demo --credentials-file "$FUZZ_DIR/demo.json" >/dev/null
credential() { python3 -c "import json,sys;print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$FUZZ_DIR/demo.json" "$1"; }
PORTICO_FUZZ_API_KEY="$(credential apiKey)"
PORTICO_FUZZ_OPERATOR_TOKEN="$(credential operatorToken)"
export PORTICO_FUZZ_API_KEY PORTICO_FUZZ_OPERATOR_TOKEN

PORT="$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"
PORTICO_HOST=127.0.0.1 PORTICO_PORT="$PORT" PORTICO_LOG_LEVEL=warning "$BIN" serve >"$FUZZ_DIR/serve.log" 2>&1 &
server_pid=$!
stop_server() {
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
}
trap stop_server EXIT
for _ in $(seq 1 100); do
    curl -fsS -m 1 "$BASE/health/ready" >/dev/null 2>&1 && break
    kill -0 "$server_pid" 2>/dev/null || { cat "$FUZZ_DIR/serve.log" >&2; exit 1; }
    sleep 0.2
done

# Two runs: the tenant's routes first, then the operators' ones, whose stateful phase suspends,
# deletes and re-keys the tenants it finds (the demo tenant included). The key's own revocation
# (`revokeKey`, reached through the ids `GET /v1/keys` lists) belongs to the second run for the same
# reason. `timeout` backs up --max-time, which bounds generation but not a hung request.
seconds="${FUZZ_SECONDS:-180}"
fuzz() {
    # Run from .fuzz/ so schemathesis keeps its own cache (.schemathesis/) there, out of the repository.
    (cd "$FUZZ_DIR" && timeout --kill-after=10 "$(( seconds / 2 + 60 ))" \
        "$VENV/bin/schemathesis" --config-file "$ROOT/ops/schemathesis.toml" run "$BASE/openapi.json" \
        --url "$BASE" --max-time "$(( seconds / 2 ))" --max-examples "${FUZZ_MAX_EXAMPLES:-30}" \
        --report junit --report-dir "$FUZZ_DIR/report" "$@")
}
status=0
fuzz --exclude-path-regex '^/(admin/|v1/keys/)' "$@" || status=$?
fuzz --include-path-regex '^/(admin/|v1/keys/)' "$@" || status=$?
if grep -q "request failed" "$FUZZ_DIR/serve.log"; then
    echo "fuzz.sh: the server logged failed requests (500s) in $FUZZ_DIR/serve.log" >&2
fi
exit "$status"
