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
# BENCH_BODIES (100000, all distinct states, so no delivery repeats another's state), BENCH_PAYLOAD
# (trimmed: the ~600 bytes a run needs; github: the whole ~20 KB GitHub sends, repository, actors
# and all), BENCH_COMPONENTS (200 small, 100000 large), plus the common ones in loadtests/lib.sh.
# Goals (issue 12): ingestion >= 5,000 deliveries/s (signature checked, idempotent) beside the bare
# route; entity and team views p99 <= 20 ms with 100,000 entities and 10 million runs.
# shellcheck source=loadtests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CONNECTIONS="${BENCH_CONNECTIONS:-32}"
THREADS="${BENCH_THREADS:-2}"
DURATION="${BENCH_DURATION:-15s}"
WARMUP="${BENCH_WARMUP:-3s}"
BODIES="${BENCH_BODIES:-100000}"
PAYLOAD="${BENCH_PAYLOAD:-trimmed}"
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

# Pre-signed deliveries, as Lua tables wrk cycles through (Python's hmac signs them). A body is
# its own head (action, the run's changing fields), a constant middle, its repository's name and a
# constant tail, so full-size payloads cost the Lua tables one copy of what they share.
python3 - "$BODIES" "$COMPONENTS" "$SECRET" "$PAYLOAD" >"$WORK/bodies.lua" <<'EOF'
import hashlib, hmac, json, sys, datetime
n, components, secret, shape = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3].encode(), sys.argv[4]
day = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=1)).strftime("%Y-%m-%d")
def text(value): return json.dumps(value, separators=(",", ":"))
def members(value): return text(value)[1:-1]
api = "https://api.github.com"
def user(login, uid):
    u = f"{api}/users/{login}"
    return {"login": login, "id": uid, "node_id": "MDQ6VXNlcjIxMDMxMDY3", "avatar_url": f"https://avatars.githubusercontent.com/u/{uid}?v=4",
            "gravatar_id": "", "url": u, "html_url": f"https://github.com/{login}", "followers_url": f"{u}/followers",
            "following_url": f"{u}/following{{/other_user}}", "gists_url": f"{u}/gists{{/gist_id}}", "starred_url": f"{u}/starred{{/owner}}{{/repo}}",
            "subscriptions_url": f"{u}/subscriptions", "organizations_url": f"{u}/orgs", "repos_url": f"{u}/repos",
            "events_url": f"{u}/events{{/privacy}}", "received_events_url": f"{u}/received_events", "type": "User", "site_admin": False}
def repository(full_name):
    r = f"{api}/repos/{full_name}"
    fields = {"id": 186853002, "node_id": "MDEwOlJlcG9zaXRvcnkxODY4NTMwMDI=", "name": full_name.split("/")[1], "private": True,
              "owner": user("bench", 21031067) | {"type": "Organization"}, "html_url": f"https://github.com/{full_name}",
              "description": "A service of the bench organization", "fork": False, "url": r}
    for name in ["forks", "keys{/key_id}", "collaborators{/collaborator}", "teams", "hooks", "issues/events{/number}", "events",
                 "assignees{/user}", "branches{/branch}", "tags", "git/blobs{/sha}", "git/tags{/sha}", "git/refs{/sha}", "git/trees{/sha}",
                 "statuses/{sha}", "languages", "stargazers", "contributors", "subscribers", "subscription", "commits{/sha}",
                 "git/commits{/sha}", "comments{/number}", "issues/comments{/number}", "contents/{+path}", "compare/{base}...{head}",
                 "merges", "{archive_format}{/ref}", "downloads", "issues{/number}", "pulls{/number}", "milestones{/number}",
                 "notifications{?since,all,participating}", "labels{/name}", "releases{/id}", "deployments"]:
        key = name.split("{")[0].split("/")[-1] or "archive"
        fields[f"{key.replace('-', '_')}_url"] = f"{r}/{name}"
    fields |= {"created_at": "2019-05-15T15:19:25Z", "updated_at": f"{day}T09:00:00Z", "pushed_at": f"{day}T09:00:00Z",
               "git_url": f"git://github.com/{full_name}.git", "ssh_url": f"git@github.com:{full_name}.git",
               "clone_url": f"https://github.com/{full_name}.git", "svn_url": f"https://github.com/{full_name}", "homepage": None,
               "size": 1804, "stargazers_count": 12, "watchers_count": 12, "language": "Swift", "has_issues": True,
               "has_projects": True, "has_downloads": True, "has_wiki": True, "has_pages": False, "has_discussions": False,
               "forks_count": 3, "mirror_url": None, "archived": False, "disabled": False, "open_issues_count": 7, "license": None,
               "allow_forking": True, "is_template": False, "web_commit_signoff_required": False, "topics": ["backend", "payments"],
               "visibility": "private", "forks": 3, "open_issues": 7, "watchers": 12}
    return fields
if shape == "github":
    # The rest of a workflow_run delivery as GitHub sends it (about 20 KB).
    run_rest = {"node_id": "WFR_kwLOBZH", "head_sha": "acb5820ced9479c074f688cc328bf03f341a511d", "path": ".github/workflows/ci.yml",
                "display_title": "Fix the thing", "run_number": 562, "event": "push", "workflow_id": 161335, "check_suite_id": 4683454167,
                "check_suite_node_id": "CS_kwDOBZH", "url": f"{api}/repos/bench/service/actions/runs/1", "pull_requests": [],
                "actor": user("ana", 21031067), "referenced_workflows": [], "triggering_actor": user("ana", 21031067),
                "jobs_url": f"{api}/repos/bench/service/actions/runs/1/jobs", "logs_url": f"{api}/repos/bench/service/actions/runs/1/logs",
                "check_suite_url": f"{api}/repos/bench/service/check-suites/4683454167",
                "artifacts_url": f"{api}/repos/bench/service/actions/runs/1/artifacts",
                "cancel_url": f"{api}/repos/bench/service/actions/runs/1/cancel", "rerun_url": f"{api}/repos/bench/service/actions/runs/1/rerun",
                "previous_attempt_url": None, "workflow_url": f"{api}/repos/bench/service/actions/workflows/161335",
                "head_commit": {"id": "acb5820ced9479c074f688cc328bf03f341a511d", "tree_id": "f5ac2b36a2b2a3bbfc2d6dbe1fd4b4ed1a0d5bb7",
                                "message": "Fix the thing", "timestamp": f"{day}T00:00:00Z",
                                "author": {"name": "Ana", "email": "ana@example.com"}, "committer": {"name": "GitHub", "email": "noreply@github.com"}},
                "repository": repository("bench/service"), "head_repository": repository("bench/service")}
    repository_rest = repository("bench/service") | {"default_branch": "main"}
    tail = {"workflow": {"id": 161335, "node_id": "W_kwDOBZH", "name": "CI", "path": ".github/workflows/ci.yml", "state": "active",
                         "created_at": "2020-01-08T23:48:37.000-08:00", "updated_at": "2020-01-08T23:50:21.000-08:00",
                         "url": f"{api}/repos/bench/service/actions/workflows/161335",
                         "html_url": "https://github.com/bench/service/blob/main/.github/workflows/ci.yml",
                         "badge_url": "https://github.com/bench/service/workflows/CI/badge.svg"},
            "organization": {"login": "bench", "id": 21031067, "node_id": "MDEyOk9yZ2FuaXphdGlvbjIxMDMxMDY3", "url": f"{api}/orgs/bench",
                             "repos_url": f"{api}/orgs/bench/repos", "events_url": f"{api}/orgs/bench/events", "hooks_url": f"{api}/orgs/bench/hooks",
                             "issues_url": f"{api}/orgs/bench/issues", "members_url": f"{api}/orgs/bench/members{{/member}}",
                             "public_members_url": f"{api}/orgs/bench/public_members{{/member}}",
                             "avatar_url": "https://avatars.githubusercontent.com/u/21031067?v=4", "description": ""},
            "sender": user("ana", 21031067)}
else:
    run_rest = {"head_commit": {"timestamp": f"{day}T00:00:00Z"}}
    repository_rest = {"default_branch": "main"}
    tail = {}
middle = members(run_rest) + '},"repository":{'
end = members(repository_rest) + "}" + ("," + members(tail) if tail else "") + "}"
print(f"middle = {text(middle)}\nending = {text(end)}\nheads = {{}}\nnames = {{}}\nsignatures = {{}}")
# Lua allows 65,536 constants per function: the tables are filled by one function per 5,000 bodies.
for i in range(n):
    if i % 5000 == 0:
        print(("end fill() end\n" if i else "") + "do local function fill()")
    status = "completed" if i % 2 else "in_progress"
    run = {"id": 1000000 + i // 2, "name": "Deploy" if i % 10 == 1 else "CI", "head_branch": "main", "status": status,
           "conclusion": ("failure" if i % 7 == 1 else "success") if status == "completed" else None,
           "html_url": f"https://github.com/bench/service-{i % components}/actions/runs/{i}",
           "created_at": f"{day}T{(i // 2) % 24:02d}:00:00Z", "updated_at": f"{day}T{(i // 2) % 24:02d}:05:00Z",
           "run_started_at": f"{day}T{(i // 2) % 24:02d}:00:00Z", "run_attempt": 1}
    head = '{"action":' + text(status) + ',"workflow_run":{' + members(run) + ","
    name = '"full_name":' + text(f"bench/service-{(i // 2) % components}") + ","
    body = head + middle + name + end
    if i == 0:
        json.loads(body)
        print(f"-- {len(body)} bytes a body")
    signature = "sha256=" + hmac.new(secret, body.encode(), hashlib.sha256).hexdigest()
    print(f"heads[{i + 1}] = {text(head)}\nnames[{i + 1}] = {text(name)}\nsignatures[{i + 1}] = {text(signature)}")
if n:
    print("end fill() end")
EOF
log "deliveries: $PAYLOAD payloads, $(sed -n 's/^-- \([0-9]*\) bytes a body$/\1/p' "$WORK/bodies.lua") bytes each"
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
  local i = ((counter - 1) * $THREADS + tid - 1) % #heads + 1
  wrk.headers["X-GitHub-Event"] = "workflow_run"
  wrk.headers["X-GitHub-Delivery"] = string.format("%d-%d-%d", tid, counter, math.random(1, 1000000000))
  wrk.headers["X-Hub-Signature-256"] = signatures[i]
  wrk.headers["Content-Type"] = "application/json"
  return wrk.format("POST", nil, nil, heads[i] .. middle .. names[i] .. ending)
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
    local serve_before db_before requests
    serve_before="$(cpu_ticks "$SERVE_PID")" db_before="$(cpu_ticks)"
    wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency "$@" "$url" >"$WORK/wrk-$label.out"
    requests="$(grep '^RESULT' "$WORK/wrk-$label.out" | sed 's/.* requests=\([0-9]*\).*/\1/')"
    echo "$label $(grep '^RESULT' "$WORK/wrk-$label.out" | sed 's/^RESULT //')" \
        "serve_cpu_ms=$(cpu_ms_per_request "$serve_before" "$(cpu_ticks "$SERVE_PID")" "$requests")" \
        "db_cpu_ms=$(cpu_ms_per_request "$db_before" "$(cpu_ticks)" "$requests")"
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
