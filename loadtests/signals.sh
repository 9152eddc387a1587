#!/usr/bin/env bash
# Signals webhook ingestion and entity views (issue 12), with wrk on 127.0.0.1 against the release
# `portico serve`:
#   bare      GET /health/live                       no auth, no database: the ceiling of this host
#   deliver   POST /api/signals/hooks/{id}           GitHub workflow_run deliveries, each signature
#                                                    checked (HMAC-SHA256 of the body), each with its
#                                                    own X-GitHub-Delivery; BENCH_BODIES (100,000)
#                                                    distinct run states pre-signed by Python's hmac
#                                                    (a state repeats only after all were sent)
#   entity    GET /api/signals/entities/...          one component's view (ci, dora, workloads, cost)
#   team      GET /api/signals/entities/group/...    a team's rollup over what it owns
#   department GET /api/signals/entities/group/...   (large only) a group of 100 teams
#
#   PORTICO_PG_PORT=54343 loadtests/signals.sh                    # small: one team of 200 components
#   BENCH_SCALE=large PORTICO_PG_PORT=54343 loadtests/signals.sh  # the issue's data (below)
#
# BENCH_SCALE=large: 100,000 components in 1,000 teams of 100 under 10 departments, with
# BENCH_RUNS (100) runs each over the last 90 days (10 million), their latest runs and daily totals,
# and 13 months of daily cost for BENCH_COST_ENTITIES (10,000) of them, loaded by
# loadtests/signals-history.sql straight into the tenant's table in the module's own row shapes.
#
# Environment: BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_DURATION (15s), BENCH_WARMUP (3s),
# BENCH_BODIES (100000, all distinct states, so no delivery repeats another's state),
# BENCH_COMPONENTS (200 small, 100000 large), plus the common ones in loadtests/lib.sh.
# Goals (issue 12): ingestion >= 5,000 deliveries/s (signature checked, idempotent) beside the bare
# route; entity and team views p99 <= 20 ms with 100,000 entities and 10 million runs.
# shellcheck source=loadtests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-2}"
DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-3s}"
BODIES="${BENCH_BODIES:-100000}"
SCALE="${BENCH_SCALE:-small}"
if [[ "$SCALE" == large ]]; then COMPONENTS="${BENCH_COMPONENTS:-100000}"; else COMPONENTS="${BENCH_COMPONENTS:-200}"; fi

ensure_postgres
ensure_wrk
build_release
log "$(machine_summary)"
create_bench_db
migrate_bench_db

KEY="$(head -c 32 /dev/urandom | base64)"
start_serve serve PORTICO_SIGNALS_KEY_ENCRYPTION_KEY="$KEY"
start_worker worker PORTICO_SIGNALS_KEY_ENCRYPTION_KEY="$KEY"

OPERATOR_TOKEN="$("$BIN" operators create "bench-$$")"
auth_op=(-H "Authorization: Bearer $OPERATOR_TOKEN" -H 'Content-Type: application/json')
signup="$(curl -sS --fail-with-body "${auth_op[@]}" -X POST "$BASE/admin/v1/tenants" \
    -d '{"organization":"Bench Signals","slug":"bench-signals","adminEmail":"bench@example.com","plan":"enterprise"}')" ||
    die "creating the tenant failed: $signup"
TENANT_ID="$(jq -r .tenant.id <<<"$signup")"
API_KEY="$(jq -r .apiKey <<<"$signup")"
for _ in $(seq 1 300); do
    [[ "$(curl -sS "$BASE/v1/signups/$TENANT_ID" | jq -r .status)" == active ]] && break
    sleep 0.1
done
curl -sS --fail-with-body "${auth_op[@]}" -X PUT "$BASE/admin/v1/tenants/bench-signals/plan" \
    -d '{"plan":"enterprise","rateLimitPerSecond":1000000}' >/dev/null || die "raising the rate limit failed"
sleep 1
auth=(-H "Authorization: Bearer $API_KEY" -H 'Content-Type: application/json')

# Small: one team (bench-team) owning every component. Large: teams of 100 (team-<t> owns
# service-<n> for n mod 1000 = t) under ten departments; bench-team is team-1 then.
# Written as the provider's full set of groups (catalog.json), then deltas of 10,000 components
# (components-<k>.json): one request of 100,000 entities outlasts the statement timeout.
python3 - "$COMPONENTS" "$SCALE" "$WORK" <<'EOF'
import json, sys
n, scale, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
def group(name, parent=None):
    spec = {"type": "team", "children": []}
    if parent: spec["parent"] = parent
    return {"apiVersion": "backstage.io/v1alpha1", "kind": "Group", "metadata": {"name": name}, "spec": spec}
if scale == "large":
    entities = [group("org")] + [group(f"dept-{d}", "org") for d in range(10)]
    entities += [group("bench-team" if t == 1 else f"team-{t}", f"dept-{t % 10}") for t in range(1000)]
    owner = lambda i: "bench-team" if i % 1000 == 1 else f"team-{i % 1000}"
else:
    entities = [group("bench-team")]
    owner = lambda i: "bench-team"
with open(f"{work}/catalog.json", "w") as out:
    json.dump({"entities": entities}, out)
for chunk in range(0, n, 10000):
    components = [{"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
                   "metadata": {"name": f"service-{i}", "annotations": {"github.com/project-slug": f"bench/service-{i}"}},
                   "spec": {"type": "service", "lifecycle": "production", "owner": owner(i)}} for i in range(chunk, min(n, chunk + 10000))]
    with open(f"{work}/components-{chunk // 10000:03d}.json", "w") as out:
        json.dump({"added": components, "removed": []}, out)
EOF
started="$(now)"
curl -sS --fail-with-body "${auth[@]}" -X PUT "$BASE/api/catalog/providers/bench/entities" --data-binary @"$WORK/catalog.json" >/dev/null ||
    die "pushing the groups failed"
for chunk in "$WORK"/components-*.json; do
    curl -sS --fail-with-body "${auth[@]}" -X POST "$BASE/api/catalog/providers/bench/delta" --data-binary @"$chunk" >/dev/null ||
        die "pushing $chunk failed"
done
log "catalog of $COMPONENTS components pushed in $(elapsed "$started") s"
SCHEMA="t_$(tr -d '-' <<<"$TENANT_ID")"
if [[ "$SCALE" == large ]]; then
    parts=20
    for part in $(seq 0 $((parts - 1))); do
        started="$(now)"
        bench_psql -v schema="$SCHEMA" -v runs="${BENCH_RUNS:-100}" -v cost_entities="${BENCH_COST_ENTITIES:-10000}" \
            -v part="$part" -v parts="$parts" -f "$(dirname "${BASH_SOURCE[0]}")/signals-history.sql"
        log "history: part $((part + 1)) of $parts loaded in $(elapsed "$started") s"
    done
    bench_psql -c "VACUUM ANALYZE $SCHEMA.signals"
    log "signals rows by part: $(bench_psql -Atc "SELECT part || ':' || count(*) FROM $SCHEMA.signals GROUP BY part ORDER BY part" | paste -sd' ')"
    log "signals table and index: $(bench_psql -Atc "SELECT pg_size_pretty(pg_table_size('$SCHEMA.signals')) || ' + ' || pg_size_pretty(pg_indexes_size('$SCHEMA.signals'))")"
fi
hook="$(curl -sS --fail-with-body "${auth[@]}" -X POST "$BASE/api/signals/webhooks" -d '{"provider":"github"}')" || die "no hook: $hook"
HOOK_PATH="$(jq -r .url <<<"$hook")"
SECRET="$(jq -r .secret <<<"$hook")"

# Pre-signed deliveries, as a Lua table wrk cycles through (Python's hmac signs them).
python3 - "$BODIES" "$COMPONENTS" "$SECRET" >"$WORK/bodies.lua" <<'EOF'
import hashlib, hmac, json, sys, datetime
n, components, secret = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].encode()
day = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)).strftime("%Y-%m-%d")
print("bodies = {}\nsignatures = {}")
# Lua allows 65,536 constants per function: the table is filled by one function per 5,000 bodies.
for i in range(n):
    if i % 5000 == 0:
        print(("end fill() end\n" if i else "") + "do local function fill()")
    status = "completed" if i % 2 else "in_progress"
    payload = {"action": status, "workflow_run": {
        "id": 1000000 + i // 2, "name": "Deploy" if i % 10 == 1 else "CI", "head_branch": "main", "status": status,
        "conclusion": ("failure" if i % 7 == 1 else "success") if status == "completed" else None,
        "html_url": f"https://github.com/bench/service-{i % components}/actions/runs/{i}",
        "created_at": f"{day}T{(i // 2) % 24:02d}:00:00Z", "updated_at": f"{day}T{(i // 2) % 24:02d}:05:00Z",
        "run_started_at": f"{day}T{(i // 2) % 24:02d}:00:00Z", "run_attempt": 1,
        "head_commit": {"timestamp": f"{day}T00:00:00Z"}},
        "repository": {"full_name": f"bench/service-{(i // 2) % components}", "default_branch": "main"}}
    body = json.dumps(payload, separators=(",", ":"))
    signature = "sha256=" + hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
    print(f"bodies[{i + 1}] = {json.dumps(body)}\nsignatures[{i + 1}] = {json.dumps(signature)}")
if n:
    print("end fill() end")
EOF
cat >"$WORK/deliver.lua" <<EOF
dofile("$WORK/bodies.lua")
local counter = 0
local thread_id = 0
local threads = {}
setup = function(thread) thread_id = thread_id + 1; thread:set("tid", thread_id); table.insert(threads, thread) end
-- Warm-up and measured runs are separate wrk processes: each starts elsewhere in the bodies and
-- with its own random ids, so the measured run repeats none of the warm-up's deliveries.
init = function(args) math.randomseed(os.time() * 1000 + tid); counter = (os.time() % 1000) * 1000 end
request = function()
  counter = counter + 1
  local i = ((counter - 1) * $THREADS + tid - 1) % #bodies + 1
  wrk.headers["X-GitHub-Event"] = "workflow_run"
  wrk.headers["X-GitHub-Delivery"] = string.format("%d-%d-%d", tid, counter, math.random(1, 1000000000))
  wrk.headers["X-Hub-Signature-256"] = signatures[i]
  wrk.headers["Content-Type"] = "application/json"
  return wrk.format("POST", nil, nil, bodies[i])
end
EOF
cat >"$WORK/report.lua" <<'EOF'
done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format("RESULT rps=%.1f requests=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests / seconds, summary.requests, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000, e.status, e.connect + e.read + e.write + e.timeout))
end
EOF
cat "$WORK/report.lua" >>"$WORK/deliver.lua"

run_wrk() {
    local label="$1" url="$2"
    shift 2
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$WARMUP" "$@" "$url" >/dev/null
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "$@" "$url" >"$WORK/wrk-$label.out"
    echo "$label $(grep '^RESULT' "$WORK/wrk-$label.out" | sed 's/^RESULT //')"
}

log "wrk: $THREADS threads, $CONNECTIONS connections, $WARMUP warm-up + $DURATION measured"
code="$(curl -s -o /dev/null -w '%{http_code}' -H 'X-GitHub-Event: workflow_run' -H "X-Hub-Signature-256: sha256=00" -d '{}' "$BASE$HOOK_PATH")"
[[ "$code" == 401 ]] || die "an unsigned delivery answered $code"
{
    run_wrk bare "$BASE/health/live" -s "$WORK/report.lua"
    run_wrk deliver "$BASE$HOOK_PATH" -s "$WORK/deliver.lua"
    run_wrk entity "$BASE/api/signals/entities/component/default/service-1" -H "Authorization: Bearer $API_KEY" -s "$WORK/report.lua"
    run_wrk team "$BASE/api/signals/entities/group/default/bench-team" -H "Authorization: Bearer $API_KEY" -s "$WORK/report.lua"
    if [[ "$SCALE" == large ]]; then
        run_wrk department "$BASE/api/signals/entities/group/default/dept-1" -H "Authorization: Bearer $API_KEY" -s "$WORK/report.lua"
    fi
} | tee "$WORK/results.txt" >&2
rows="$(bench_psql -Atc "SET search_path = $SCHEMA; SELECT part || ':' || count(*) FROM signals GROUP BY part ORDER BY part" 2>/dev/null | paste -sd' ' || true)"
log "signals rows by part after the run: ${rows:-unavailable}"
entity="$(curl -sS -H "Authorization: Bearer $API_KEY" "$BASE/api/signals/entities/component/default/service-1" | jq -c '{runs30d: .ci.runs30d, latest: (.ci.latest | length), dora: .dora}')"
log "service-1 after the run: $entity"
