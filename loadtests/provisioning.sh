#!/usr/bin/env bash
# Tenant provisioning: POST many signups to `/v1/signups` with one `portico worker` (default
# concurrency) and one `portico serve`, wait until every tenant is active, and compute from
# control.tenants how long sign-up → active took and how many tenants per minute were provisioned.
#
#   loadtests/provisioning.sh
#
# Phases:
#   1. baseline: the raw SQL of provisioning (schema, role, grants, tenant migrations, bookkeeping,
#      status change), one transaction per tenant, for BENCH_BASELINE_SCHEMAS (100) tenants in one psql.
#   2. burst: BENCH_SIGNUPS (1000) signups posted by BENCH_CLIENTS (4) concurrent keep-alive clients.
#   3. paced: BENCH_PACED (300) signups sent at a steady BENCH_PACED_RATE (10) per second, i.e. twice
#      the throughput goal: latency under a sustained load the system can keep up with.
#   4. unloaded: BENCH_SEQUENTIAL (50) signups one at a time, each waited for until active, so the
#      latency has no queueing in it.
# Environment: the above, BENCH_WAIT (max seconds to wait for the burst to become active, 900),
# BENCH_WORKER_ENV (extra VAR=value settings for the worker, e.g. "PORTICO_WORKER_CONCURRENCY=8"),
# plus the common ones in loadtests/lib.sh.
# Goal (issue): median sign-up → active <= 250 ms, and >= 300 tenants/min.
# shellcheck source=loadtests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SIGNUPS="${BENCH_SIGNUPS:-1000}"
CLIENTS="${BENCH_CLIENTS:-4}"
SEQUENTIAL="${BENCH_SEQUENTIAL:-50}"
BASELINE_SCHEMAS="${BENCH_BASELINE_SCHEMAS:-100}"
WAIT_LIMIT="${BENCH_WAIT:-900}"
PACED="${BENCH_PACED:-300}"
PACED_RATE="${BENCH_PACED_RATE:-10}"
read -r -a WORKER_ENV <<<"${BENCH_WORKER_ENV:-}"
for v in SIGNUPS CLIENTS SEQUENTIAL BASELINE_SCHEMAS WAIT_LIMIT PACED PACED_RATE; do
    [[ "${!v}" =~ ^[0-9]+$ ]] || die "$v must be a whole number"
done
((PACED_RATE >= 1 && PACED_RATE <= 1000)) || die "BENCH_PACED_RATE must be 1-1000"
for setting in "${WORKER_ENV[@]}"; do [[ "$setting" =~ ^PORTICO_[A-Z_]+=.*$ ]] || die "BENCH_WORKER_ENV: '$setting' is not PORTICO_X=value"; done
((SIGNUPS <= 100000 && CLIENTS >= 1 && CLIENTS <= 64 && WAIT_LIMIT <= 7200)) || die "settings out of range"

ensure_postgres
build_release
wait_for_quiet
log "$(machine_summary)"
create_bench_db
migrate_bench_db
RUN="$(tr -dc 'a-z0-9' </dev/urandom | head -c 6 || true)"

# --------------------------------------------------------------------------------------------------
# 1. baseline: what TenantService.provision does, as one psql script

log "baseline: provisioning $BASELINE_SCHEMAS tenant(s) with raw SQL in one psql session"
# Tenants first (as a signup would have made them), outside the timing.
bench_psql -c "
    INSERT INTO control.tenants (id, slug, name, admin_email, plan, status)
    SELECT gen_random_uuid(), 'baseline-$RUN-' || i, 'Baseline ' || i, 'b@example.com', 'free', 'provisioning'
    FROM generate_series(1, $BASELINE_SCHEMAS) i"
# Every tenant migration file and its bookkeeping row (checksum = SHA-256 of the file, as the migrator has it).
TENANT_MIGRATIONS_SQL=""
for file in "$PORTICO_MIGRATIONS_PATH"/tenant/*.sql; do
    name="$(basename "$file")"
    TENANT_MIGRATIONS_SQL+="$(cat "$file")
INSERT INTO control.schema_migrations (schema_name, version, name, checksum) VALUES ('@SCHEMA@', $((10#${name%%_*})), '$name', '$(sha256sum "$file" | cut -d' ' -f1)');
"
done
bench_psql -At -c "SELECT id, 't_' || replace(id::text, '-', '') FROM control.tenants WHERE slug LIKE 'baseline-$RUN-%'" |
    while IFS='|' read -r id schema; do
        cat <<EOF
BEGIN;
CREATE SCHEMA IF NOT EXISTS "$schema";
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$schema') THEN
    CREATE ROLE "$schema" NOLOGIN;
  END IF;
END \$\$;
GRANT "$schema" TO CURRENT_USER;
GRANT USAGE ON SCHEMA "$schema" TO "$schema";
ALTER DEFAULT PRIVILEGES IN SCHEMA "$schema" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "$schema";
ALTER DEFAULT PRIVILEGES IN SCHEMA "$schema" GRANT USAGE, SELECT ON SEQUENCES TO "$schema";
SELECT pg_advisory_xact_lock(hashtext('$schema')) \\g /dev/null
SELECT version, checksum FROM control.schema_migrations WHERE schema_name = '$schema' \\g /dev/null
SET LOCAL search_path TO "$schema";
${TENANT_MIGRATIONS_SQL//@SCHEMA@/$schema}
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "$schema" TO "$schema";
SET LOCAL search_path TO DEFAULT;
UPDATE control.tenants SET status = 'active', updated_at = now(), activated_at = clock_timestamp() WHERE id = '$id' AND status = 'provisioning';
INSERT INTO control.tenant_events (tenant_id, event) VALUES ('$id', 'active');
INSERT INTO control.tenant_events (tenant_id, event) VALUES ('$id', 'activated');
COMMIT;
EOF
    done >"$WORK/baseline.sql"
t0="$(now)"
bench_psql -f "$WORK/baseline.sql" >/dev/null
BASELINE_SECONDS="$(elapsed "$t0")"
BASELINE_MS_EACH="$(awk -v s="$BASELINE_SECONDS" -v n="$BASELINE_SCHEMAS" 'BEGIN { printf "%.2f", 1000 * s / n }')"
BASELINE_PER_MIN="$(awk -v s="$BASELINE_SECONDS" -v n="$BASELINE_SCHEMAS" 'BEGIN { printf "%.0f", 60 * n / s }')"
log "baseline: $BASELINE_SCHEMAS tenants in ${BASELINE_SECONDS}s = ${BASELINE_MS_EACH} ms each, ${BASELINE_PER_MIN}/min in one session"
# Not tenants of this benchmark: leave them out of the migrator's and the stats' way.
bench_psql -c "UPDATE control.tenants SET status = 'deleting' WHERE slug LIKE 'baseline-$RUN-%'"

# --------------------------------------------------------------------------------------------------
# 2. burst of signups

start_serve serve PORTICO_SIGNUPS_PER_MINUTE=1000000
start_worker worker "${WORKER_ENV[@]}"

cat >"$WORK/signup.py" <<'EOF'
"""Posts signups to a Portico server on 127.0.0.1 with N keep-alive clients; prints a JSON summary.

usage: signup.py BASE PREFIX COUNT CLIENTS burst|sequential|paced [WAIT_SECONDS|RATE]
burst: as fast as the clients go. sequential: each signup is polled (GET /v1/signups/{id}) until
active before the next one (WAIT_SECONDS at most). paced: signup i is sent at start + i / RATE.
"""
import http.client, json, sys, threading, time, urllib.parse

base, prefix, count, clients, mode = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]
extra = float(sys.argv[6]) if len(sys.argv) > 6 else 30.0
wait_seconds, rate = extra, extra
url = urllib.parse.urlsplit(base)
assert url.hostname == "127.0.0.1", "traffic goes to 127.0.0.1 only"

lock = threading.Lock()
next_index = 0
latencies, statuses, failures = [], {}, []

def take():
    global next_index
    with lock:
        if next_index >= count:
            return None
        next_index += 1
        return next_index

def client():
    conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    while (i := take()) is not None:
        if mode == "paced":
            delay = started + (i - 1) / rate - time.perf_counter()
            if delay > 0:
                time.sleep(delay)
        body = json.dumps({"organization": f"Bench {i}", "slug": f"{prefix}{i}", "adminEmail": f"admin{i}@example.com",
                           "plan": "team"})
        request_started = time.perf_counter()
        try:
            conn.request("POST", "/v1/signups", body=body, headers={"Content-Type": "application/json"})
            response = conn.getresponse()
            payload = response.read()
        except Exception as error:  # a dropped connection: count it, reconnect, go on
            conn.close()
            conn = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
            with lock:
                failures.append(f"{i}: {error!r}")
            continue
        elapsed = time.perf_counter() - request_started
        with lock:
            latencies.append(elapsed)
            statuses[response.status] = statuses.get(response.status, 0) + 1
            if response.status != 202:
                failures.append(f"{i}: HTTP {response.status} {payload[:200]!r}")
        if mode == "sequential" and response.status == 202:
            tenant_id = json.loads(payload)["tenant"]["id"]
            deadline = time.monotonic() + wait_seconds
            while True:  # bounded by the deadline
                conn.request("GET", f"/v1/signups/{tenant_id}")
                state = json.loads(conn.getresponse().read()).get("status")
                if state == "active":
                    break
                if state == "failed" or time.monotonic() > deadline:
                    with lock:
                        failures.append(f"{i}: {state} after {wait_seconds}s")
                    break
                time.sleep(0.005)
    conn.close()

started = time.perf_counter()
threads = [threading.Thread(target=client) for _ in range(clients)]
for t in threads: t.start()
for t in threads: t.join()
wall = time.perf_counter() - started
latencies.sort()
pick = lambda q: round(1000 * latencies[min(len(latencies) - 1, int(q * len(latencies)))], 2) if latencies else None
print(json.dumps({"posted": len(latencies), "wall_s": round(wall, 3), "per_s": round(len(latencies) / wall, 1),
                  "post_p50_ms": pick(0.5), "post_p95_ms": pick(0.95), "post_p99_ms": pick(0.99),
                  "statuses": statuses, "failures": failures[:10], "failure_count": len(failures)}))
EOF

# stats PREFIX: one line of figures over the tenants whose slug starts with PREFIX.
# 'activated' events are written with now() = the start of the provisioning transaction, so
#   queue wait  = event.at - created_at        (waiting for a worker to claim the job and start)
#   provision   = activated_at - event.at      (schema, role, migrations inside the transaction)
stats() {
    bench_psql -At -F ' ' -c "
        WITH t AS (
            SELECT t.created_at, t.activated_at, e.at AS tx_start
            FROM control.tenants t
            LEFT JOIN control.tenant_events e ON e.tenant_id = t.id AND e.event = 'activated'
            WHERE t.slug LIKE '$1%'
        ), ms AS (
            SELECT extract(epoch FROM activated_at - created_at) * 1000 AS total,
                   extract(epoch FROM tx_start - created_at) * 1000 AS queued,
                   extract(epoch FROM activated_at - tx_start) * 1000 AS provision
            FROM t WHERE activated_at IS NOT NULL
        )
        SELECT (SELECT count(*) FROM t), (SELECT count(activated_at) FROM t),
            round(percentile_cont(0.5) WITHIN GROUP (ORDER BY total)::numeric, 1),
            round(percentile_cont(0.95) WITHIN GROUP (ORDER BY total)::numeric, 1),
            round(max(total)::numeric, 1),
            round(percentile_cont(0.5) WITHIN GROUP (ORDER BY queued)::numeric, 1),
            round(percentile_cont(0.5) WITHIN GROUP (ORDER BY provision)::numeric, 1),
            round(percentile_cont(0.95) WITHIN GROUP (ORDER BY provision)::numeric, 1),
            (SELECT round(extract(epoch FROM max(activated_at) - min(created_at))::numeric, 3) FROM t),
            (SELECT round((count(activated_at) / nullif(extract(epoch FROM max(activated_at) - min(created_at)) / 60, 0))::numeric, 1) FROM t),
            (SELECT round(extract(epoch FROM max(created_at) - min(created_at))::numeric, 3) FROM t)
        FROM ms"
}

PREFIX="bp-$RUN-"
log "burst: $SIGNUPS signup(s) with $CLIENTS client(s)"
BURST_CLIENT="$(python3 "$WORK/signup.py" "$BASE" "$PREFIX" "$SIGNUPS" "$CLIENTS" burst)"
log "burst posted: $BURST_CLIENT"
[[ "$(jq .failure_count <<<"$BURST_CLIENT")" == 0 ]] || log "warning: some signups failed: $(jq -c .failures <<<"$BURST_CLIENT")"

start=$SECONDS
while :; do
    counts="$(bench_psql -At -F ' ' -c "
        SELECT count(*) FILTER (WHERE status = 'active'), count(*) FILTER (WHERE status = 'failed')
        FROM control.tenants WHERE slug LIKE '$PREFIX%'")"
    read -r active failed <<<"$counts"
    ((active >= SIGNUPS)) && break
    ((SECONDS - start < WAIT_LIMIT)) || die "only $active of $SIGNUPS active after ${WAIT_LIMIT}s ($failed failed)"
    sleep 0.5
done
log "burst: all $active active after $((SECONDS - start))s of waiting"
burst_stats="$(stats "$PREFIX")"
read -r b_count b_active b_p50 b_p95 b_max b_queued b_prov b_prov95 b_span b_rate b_submit <<<"$burst_stats"
retries="$(bench_psql -At -c "SELECT count(*) FROM control.jobs WHERE kind = 'tenant.provision' AND attempts > 1")"
dead="$(bench_psql -At -c "SELECT count(*) FROM control.jobs WHERE state = 'dead'")"

# --------------------------------------------------------------------------------------------------
# 3. paced

PACED_PREFIX="bq-$RUN-"
p_stats=""
if ((PACED > 0)); then
    log "paced: $PACED signup(s) at $PACED_RATE/s"
    PACED_CLIENT="$(python3 "$WORK/signup.py" "$BASE" "$PACED_PREFIX" "$PACED" "$CLIENTS" paced "$PACED_RATE")"
    [[ "$(jq .failure_count <<<"$PACED_CLIENT")" == 0 ]] || log "warning: some paced signups failed: $(jq -c .failures <<<"$PACED_CLIENT")"
    start=$SECONDS
    while :; do
        active="$(bench_psql -At -c "SELECT count(*) FROM control.tenants WHERE slug LIKE '$PACED_PREFIX%' AND status = 'active'")"
        ((active >= PACED)) && break
        ((SECONDS - start < 120)) || die "only $active of $PACED paced signups active after 120 s"
        sleep 0.5
    done
    p_stats="$(stats "$PACED_PREFIX")"
fi
read -r p_count p_active p_p50 p_p95 p_max p_queued p_prov p_prov95 _ p_rate p_submit <<<"${p_stats:-0 0 - - - - - - - - -}"

# --------------------------------------------------------------------------------------------------
# 4. unloaded latency

SEQ_PREFIX="bs-$RUN-"
log "unloaded: $SEQUENTIAL signup(s) one at a time"
SEQ_CLIENT="$(python3 "$WORK/signup.py" "$BASE" "$SEQ_PREFIX" "$SEQUENTIAL" 1 sequential 30)"
[[ "$(jq .failure_count <<<"$SEQ_CLIENT")" == 0 ]] || log "warning: some sequential signups failed: $(jq -c .failures <<<"$SEQ_CLIENT")"
seq_stats="$(stats "$SEQ_PREFIX")"
read -r s_count s_active s_p50 s_p95 s_max s_queued s_prov s_prov95 _ _ _ <<<"$seq_stats"

# --------------------------------------------------------------------------------------------------

PACED_SUMMARY=""
if ((PACED > 0)); then
    PACED_SUMMARY="paced ($PACED signups at $PACED_RATE/s = $((PACED_RATE * 60))/min, over ${p_submit} s; $p_active of $p_count active):
  sign-up -> active: median ${p_p50} ms, p95 ${p_p95} ms, max ${p_max} ms (queued median ${p_queued} ms, transaction median ${p_prov} ms, p95 ${p_prov95} ms)
  throughput: ${p_rate} tenants/min (bounded by the arrival rate)

"
fi
met() { awk -v v="$1" -v g="$2" -v op="$3" 'BEGIN { ok = (op == "le") ? (v <= g) : (v >= g); print ok ? "met" : "MISSED" }'; }
per_worker_ms="$(awk -v span="$b_span" -v n="$b_active" 'BEGIN { printf "%.1f", 1000 * span / n }')"
cat <<EOF

=== provisioning benchmark ===
$(machine_summary)
worker: 1 process, ${WORKER_ENV[*]:-default concurrency}; serve: PORTICO_SIGNUPS_PER_MINUTE=1000000

baseline (raw SQL, one psql session, one transaction per tenant, $BASELINE_SCHEMAS tenants):
  ${BASELINE_SECONDS} s total = ${BASELINE_MS_EACH} ms per tenant = ${BASELINE_PER_MIN} tenants/min

burst ($SIGNUPS signups, $CLIENTS clients):
  POST /v1/signups: $(jq -r '"\(.posted) posted in \(.wall_s) s (\(.per_s)/s), p50 \(.post_p50_ms) ms, p95 \(.post_p95_ms) ms, p99 \(.post_p99_ms) ms, statuses \(.statuses|tostring), failures \(.failure_count)"' <<<"$BURST_CLIENT")
  signups created over ${b_submit} s (first to last created_at)
  active: $b_active of $b_count; provisioning retries: $retries; dead jobs: $dead
  sign-up -> active: median ${b_p50} ms, p95 ${b_p95} ms, max ${b_max} ms
    of which queued (created -> provisioning transaction start): median ${b_queued} ms
    provisioning transaction (start -> activated_at): median ${b_prov} ms, p95 ${b_prov95} ms
  throughput: $b_active tenants in ${b_span} s (first created_at -> last activated_at) = ${b_rate} tenants/min (${per_worker_ms} ms of wall time per tenant)

${PACED_SUMMARY}unloaded ($SEQUENTIAL signups, one at a time, each waited for; $s_active of $s_count active):
  POST /v1/signups: $(jq -r '"p50 \(.post_p50_ms) ms, p95 \(.post_p95_ms) ms"' <<<"$SEQ_CLIENT")
  sign-up -> active: median ${s_p50} ms, p95 ${s_p95} ms, max ${s_max} ms (queued median ${s_queued} ms, transaction median ${s_prov} ms, p95 ${s_prov95} ms)

goals:
  median sign-up -> active <= 250 ms: burst ${b_p50} ms $(met "$b_p50" 250 le);$( ((PACED > 0)) && echo " paced ${p_p50} ms $(met "$p_p50" 250 le);") unloaded ${s_p50} ms $(met "$s_p50" 250 le)
  >= 300 tenants/min: ${b_rate}/min $(met "$b_rate" 300 ge)
  baseline ratio: portico burst throughput / raw SQL throughput = $(ratio "$b_rate" "$BASELINE_PER_MIN"); unloaded transaction median / raw SQL per tenant = $(ratio "$s_prov" "$BASELINE_MS_EACH")
EOF
