#!/usr/bin/env bash
# Signals webhook ingestion and entity views (issue 12), with wrk on 127.0.0.1 against the release
# `portico serve`:
#   bare      GET /health/live                       no auth, no database: the ceiling of this host
#   deliver   POST /api/signals/hooks/{id}           GitHub workflow_run deliveries, each signature
#                                                    checked (HMAC-SHA256 of the body), each with its
#                                                    own X-GitHub-Delivery; BENCH_BODIES (2,000) runs
#                                                    pre-signed by Python's hmac, cycled, so after the
#                                                    first round every delivery is a redelivery of a
#                                                    known state (idempotent: stored once)
#   entity    GET /api/signals/entities/...          one component's view (ci, dora, workloads, cost)
#   team      GET /api/signals/entities/group/...    a group's rollup over BENCH_COMPONENTS components
#
#   PORTICO_PG_PORT=54343 loadtests/signals.sh
#
# Environment: BENCH_CONNECTIONS (32), BENCH_THREADS (2), BENCH_DURATION (15s), BENCH_WARMUP (3s),
# BENCH_BODIES (2000), BENCH_COMPONENTS (200), plus the common ones in loadtests/lib.sh.
# Goals (issue 12): ingestion >= 5,000 deliveries/s (signature checked, idempotent) beside the bare
# route; entity and team views p99 <= 20 ms (the issue's 100,000 entities and 10 million runs are
# not generated here; see RESULTS.md).
# shellcheck source=loadtests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-2}"
DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-3s}"
BODIES="${BENCH_BODIES:-2000}"
COMPONENTS="${BENCH_COMPONENTS:-200}"

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

# A team owning BENCH_COMPONENTS components, each with its own repository.
python3 - "$COMPONENTS" >"$WORK/catalog.json" <<'EOF'
import json, sys
n = int(sys.argv[1])
entities = [{"apiVersion": "backstage.io/v1alpha1", "kind": "Group", "metadata": {"name": "bench-team"}, "spec": {"type": "team", "children": []}}]
for i in range(n):
    entities.append({"apiVersion": "backstage.io/v1alpha1", "kind": "Component",
                     "metadata": {"name": f"service-{i}", "annotations": {"github.com/project-slug": f"bench/service-{i}"}},
                     "spec": {"type": "service", "lifecycle": "production", "owner": "bench-team"}})
print(json.dumps({"entities": entities}))
EOF
curl -sS --fail-with-body "${auth[@]}" -X PUT "$BASE/api/catalog/providers/bench/entities" --data-binary @"$WORK/catalog.json" >/dev/null ||
    die "pushing the catalog failed"
hook="$(curl -sS --fail-with-body "${auth[@]}" -X POST "$BASE/api/signals/webhooks" -d '{"provider":"github"}')" || die "no hook: $hook"
HOOK_PATH="$(jq -r .url <<<"$hook")"
SECRET="$(jq -r .secret <<<"$hook")"

# Pre-signed deliveries, as a Lua table wrk cycles through (Python's hmac signs them).
python3 - "$BODIES" "$COMPONENTS" "$SECRET" >"$WORK/bodies.lua" <<'EOF'
import hashlib, hmac, json, sys, datetime
n, components, secret = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].encode()
day = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)).strftime("%Y-%m-%d")
print("bodies = {}\nsignatures = {}")
for i in range(n):
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
EOF
cat >"$WORK/deliver.lua" <<EOF
dofile("$WORK/bodies.lua")
local counter = 0
local thread_id = 0
local threads = {}
setup = function(thread) thread_id = thread_id + 1; thread:set("tid", thread_id); table.insert(threads, thread) end
request = function()
  counter = counter + 1
  local i = (counter % #bodies) + 1
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
} | tee "$WORK/results.txt" >&2
rows="$(bench_psql -Atc "SET search_path = t_$(tr -d '-' <<<"$TENANT_ID"); SELECT part || ':' || count(*) FROM signals GROUP BY part ORDER BY part" 2>/dev/null | paste -sd' ' || true)"
log "signals rows by part after the run: ${rows:-unavailable}"
entity="$(curl -sS -H "Authorization: Bearer $API_KEY" "$BASE/api/signals/entities/component/default/service-1" | jq -c '{runs30d: .ci.runs30d, latest: (.ci.latest | length), dora: .dora}')"
log "service-1 after the run: $entity"
