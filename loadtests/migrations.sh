#!/usr/bin/env bash
# Migrations across many tenant schemas: `portico migrate` with nothing pending, and applying one new
# tenant migration (a column and an index on `settings`) to every tenant schema.
#
#   loadtests/migrations.sh
#
# Set-up (not part of the goals, but timed): BENCH_TENANTS (1000) tenant rows are inserted into
# control.tenants and their schemas and roles created with the SQL of TenantSchema.create (one
# psql session), then `portico migrate` applies the tenant migrations to all of them (the initial
# fan-out). Then:
#   1. `portico migrate` with nothing pending, BENCH_NOOP_RUNS (3) times; baseline: psql running the
#      same read queries the no-op path runs.
#   2. a copy of Migrations/ with tenant/0002_bench_widgets.sql added, applied by `portico migrate`
#      (PORTICO_MIGRATIONS_PATH) to every tenant schema; with BENCH_PARALLELISM="1 4 8" each value
#      gets a migration of its own (0002, 0003, ...) and a run with PORTICO_MIGRATIONS_PARALLELISM.
#      Default: the default parallelism only.
#   3. baseline: the same DDL (other column name), one transaction per schema, one psql session.
# Environment: the above, plus the common ones in loadtests/lib.sh.
# Goals (issue): no-op migrate <= 5 s, and applying one migration to 1,000 schemas <= 60 s.
# shellcheck source=loadtests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

TENANTS="${BENCH_TENANTS:-1000}"
NOOP_RUNS="${BENCH_NOOP_RUNS:-3}"
PARALLELISM="${BENCH_PARALLELISM:-default}"
if ! [[ "$TENANTS" =~ ^[0-9]+$ ]] || ((TENANTS < 1 || TENANTS > 20000)); then die "BENCH_TENANTS must be 1-20000"; fi
[[ "$NOOP_RUNS" =~ ^[1-9]$ ]] || die "BENCH_NOOP_RUNS must be 1-9"
for p in $PARALLELISM; do [[ "$p" == default || "$p" =~ ^[0-9]+$ ]] || die "BENCH_PARALLELISM: '$p' is not a number"; done

ensure_postgres
build_release
wait_for_quiet
log "$(machine_summary)"
create_bench_db
migrate_bench_db

# --------------------------------------------------------------------------------------------------
# set-up: tenants and their (empty) schemas, then the initial fan-out of the tenant migrations

log "set-up: $TENANTS tenant rows, schemas and roles"
t0="$(now)"
bench_psql -c "
    INSERT INTO control.tenants (id, slug, name, admin_email, plan, status, activated_at)
    SELECT gen_random_uuid(), 'bm-' || i, 'Bench ' || i, 'b@example.com', 'free', 'active', now()
    FROM generate_series(1, $TENANTS) i"
bench_psql -At -c "SELECT 't_' || replace(id::text, '-', '') FROM control.tenants WHERE slug LIKE 'bm-%'" |
    while read -r s; do
        # TenantSchema.create, one transaction per schema (psql autocommit).
        cat <<EOF
BEGIN;
CREATE SCHEMA IF NOT EXISTS "$s";
DO \$\$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$s') THEN CREATE ROLE "$s" NOLOGIN; END IF; END \$\$;
GRANT "$s" TO CURRENT_USER;
GRANT USAGE ON SCHEMA "$s" TO "$s";
ALTER DEFAULT PRIVILEGES IN SCHEMA "$s" GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "$s";
ALTER DEFAULT PRIVILEGES IN SCHEMA "$s" GRANT USAGE, SELECT ON SEQUENCES TO "$s";
COMMIT;
EOF
    done >"$WORK/schemas.sql"
bench_psql -f "$WORK/schemas.sql" >/dev/null
SETUP_SECONDS="$(elapsed "$t0")"
log "set-up: schemas created in ${SETUP_SECONDS}s"

# timed_migrate LABEL [ENV=VALUE...]: runs `portico migrate`; sets MIG_SECONDS and MIG_OUT (its summary line).
timed_migrate() {
    local label="$1"
    shift
    local t0
    t0="$(now)"
    MIG_OUT="$(env "$@" "$BIN" migrate 2>"$WORK/migrate-$label.err")" || { cat "$WORK/migrate-$label.err" >&2; die "portico migrate ($label) failed"; }
    MIG_SECONDS="$(elapsed "$t0")"
}

timed_migrate initial
INITIAL_SECONDS="$MIG_SECONDS" INITIAL_OUT="$MIG_OUT"
log "initial fan-out: ${INITIAL_SECONDS}s: $INITIAL_OUT"
current="$(bench_psql -At -c "SELECT count(DISTINCT schema_name) FROM control.schema_migrations WHERE schema_name LIKE 't\_%'")"
((current == TENANTS)) || die "only $current of $TENANTS tenant schemas are migrated after the initial run"

# --------------------------------------------------------------------------------------------------
# 1. nothing pending

NOOP_TIMES=()
for i in $(seq 1 "$NOOP_RUNS"); do
    timed_migrate "noop-$i"
    secs="$MIG_SECONDS" out="$MIG_OUT"
    log "no-op run $i: ${secs}s: $out"
    NOOP_TIMES+=("$secs")
done
NOOP_MEDIAN="$(printf '%s\n' "${NOOP_TIMES[@]}" | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')"

# Baseline: the queries `portico migrate` runs when nothing is pending (tracking bootstrap, runner
# lock, applied versions, checksums, tenant list), from a fresh psql process.
cat >"$WORK/noop.sql" <<'EOF'
CREATE SCHEMA IF NOT EXISTS control;
CREATE TABLE IF NOT EXISTS control.schema_migrations (schema_name text NOT NULL, version integer NOT NULL, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (schema_name, version));
SELECT pg_try_advisory_lock(1) \g /dev/null
SELECT schema_name, array_agg(version) FROM control.schema_migrations GROUP BY schema_name \g /dev/null
SELECT min(schema_name), version, checksum FROM control.schema_migrations GROUP BY (schema_name = 'control'), version, checksum \g /dev/null
SELECT 1 FROM information_schema.tables WHERE table_schema = 'control' AND table_name = 'tenants' \g /dev/null
SELECT t.id FROM control.tenants t JOIN pg_namespace n ON n.nspname = 't_' || replace(t.id::text, '-', '') WHERE t.status NOT IN ('deleting', 'deleted') ORDER BY t.created_at \g /dev/null
SELECT pg_advisory_unlock(1) \g /dev/null
EOF
t0="$(now)"
bench_psql -f "$WORK/noop.sql" 2>/dev/null
NOOP_BASELINE="$(elapsed "$t0")"
# The process start alone, for reference.
t0="$(now)"
"$BIN" migrate --help >/dev/null
PROCESS_START="$(elapsed "$t0")"

# --------------------------------------------------------------------------------------------------
# 2. one new tenant migration, applied to every schema

MIGRATIONS_COPY="$WORK/Migrations"
cp -R "$PORTICO_MIGRATIONS_PATH" "$MIGRATIONS_COPY"
last_version="$(find "$MIGRATIONS_COPY/tenant" -name '[0-9]*_*.sql' -printf '%f\n' | sort | tail -n 1 | cut -d_ -f1)"
version=$((10#$last_version))
APPLY_LINES=()
for p in $PARALLELISM; do
    version=$((version + 1))
    column="bench_note_$version"
    file="$(printf '%04d' "$version")_bench_widgets.sql"
    ((version == 10#$last_version + 1)) || file="$(printf '%04d' "$version")_bench_widgets_$version.sql"
    cat >"$MIGRATIONS_COPY/tenant/$file" <<EOF
-- Load test only (loadtests/migrations.sh): never committed.
ALTER TABLE settings ADD COLUMN $column text;
CREATE INDEX settings_${column}_idx ON settings ($column);
EOF
    envs=(PORTICO_MIGRATIONS_PATH="$MIGRATIONS_COPY")
    [[ "$p" == default ]] || envs+=(PORTICO_MIGRATIONS_PARALLELISM="$p")
    timed_migrate "apply-$version" "${envs[@]}"
    secs="$MIG_SECONDS" out="$MIG_OUT"
    applied="$(bench_psql -At -c "SELECT count(*) FROM control.schema_migrations WHERE version = $version AND schema_name LIKE 't\_%'")"
    ((applied == TENANTS)) || die "tenant/$file is recorded in $applied of $TENANTS schemas"
    log "apply tenant/$file (parallelism $p): ${secs}s: $out"
    APPLY_LINES+=("$p|$file|$secs|$(awk -v s="$secs" -v n="$TENANTS" 'BEGIN { printf "%.1f", 1000 * s / n }')")
done
APPLY_DEFAULT_SECONDS="$(printf '%s\n' "${APPLY_LINES[@]}" | awk -F'|' '$1 == "default" { print $3 }' | head -n 1)"
[[ -n "$APPLY_DEFAULT_SECONDS" ]] || APPLY_DEFAULT_SECONDS="$(cut -d'|' -f3 <<<"${APPLY_LINES[0]}")"

# --------------------------------------------------------------------------------------------------
# 3. baseline: the same DDL by hand, one transaction per schema, one psql session

bench_psql -At -c "SELECT 't_' || replace(id::text, '-', '') FROM control.tenants WHERE slug LIKE 'bm-%'" |
    while read -r s; do
        printf 'BEGIN;\nSET LOCAL search_path TO "%s";\nALTER TABLE settings ADD COLUMN bench_note_sql text;\nCREATE INDEX settings_bench_note_sql_idx ON settings (bench_note_sql);\nCOMMIT;\n' "$s"
    done >"$WORK/ddl.sql"
t0="$(now)"
bench_psql -f "$WORK/ddl.sql" >/dev/null
DDL_BASELINE="$(elapsed "$t0")"
# And as portico does it: with the bookkeeping (advisory lock, applied versions, record) and the
# GRANT ... ON ALL TABLES IN SCHEMA that Migrator.applyTenantMigrations runs after every migration;
# once without and once with that GRANT, to show what each costs.
# bookkeeping_sql COLUMN VERSION WITH_GRANT
bookkeeping_sql() {
    bench_psql -At -c "SELECT 't_' || replace(id::text, '-', '') FROM control.tenants WHERE slug LIKE 'bm-%'" |
        while read -r s; do
            cat <<EOF
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('$s')) \\g /dev/null
SELECT version, checksum FROM control.schema_migrations WHERE schema_name = '$s' \\g /dev/null
SET LOCAL search_path TO "$s";
ALTER TABLE settings ADD COLUMN $1 text;
CREATE INDEX settings_$1_idx ON settings ($1);
INSERT INTO control.schema_migrations (schema_name, version, name, checksum) VALUES ('$s', $2, 'baseline', 'baseline');
EOF
            [[ "$3" == 1 ]] && echo "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA \"$s\" TO \"$s\";"
            printf 'SET LOCAL search_path TO DEFAULT;\nCOMMIT;\n'
        done
}
bookkeeping_sql bench_note_sql2 9998 0 >"$WORK/ddl-bookkeeping-nogrant.sql"
t0="$(now)"
bench_psql -f "$WORK/ddl-bookkeeping-nogrant.sql" >/dev/null
DDL_BOOKKEEPING_NOGRANT_BASELINE="$(elapsed "$t0")"
bookkeeping_sql bench_note_sql3 9999 1 >"$WORK/ddl-bookkeeping.sql"
t0="$(now)"
bench_psql -f "$WORK/ddl-bookkeeping.sql" >/dev/null
DDL_BOOKKEEPING_BASELINE="$(elapsed "$t0")"
bench_psql -c "DELETE FROM control.schema_migrations WHERE version IN (9998, 9999)"
CATALOG_RELATIONS="$(bench_psql -At -c "SELECT count(*) FROM pg_class")"

# --------------------------------------------------------------------------------------------------

met() { awk -v v="$1" -v g="$2" 'BEGIN { print (v <= g) ? "met" : "MISSED" }'; }
cat <<EOF

=== migrations benchmark ($TENANTS tenant schemas) ===
$(machine_summary)
set-up: tenant rows + schemas/roles by psql: ${SETUP_SECONDS} s; initial \`portico migrate\` (all $(find "$PORTICO_MIGRATIONS_PATH/tenant" -name '*.sql' | wc -l) tenant migrations into every schema): ${INITIAL_SECONDS} s
  ($INITIAL_OUT)

no-op \`portico migrate\`: $(printf '%s s ' "${NOOP_TIMES[@]}")-> median ${NOOP_MEDIAN} s   (goal <= 5 s: $(met "$NOOP_MEDIAN" 5))
  baseline: the same read queries from one psql process: ${NOOP_BASELINE} s (ratio $(ratio "$NOOP_MEDIAN" "$NOOP_BASELINE")x); \`portico migrate --help\` (process start alone): ${PROCESS_START} s

apply one tenant migration (ADD COLUMN + CREATE INDEX) to $TENANTS schemas:
$(printf '%s\n' "${APPLY_LINES[@]}" | awk -F'|' '{ printf "  parallelism %-8s tenant/%-32s %8s s  (%s ms per schema)\n", $1, $2, $3, $4 }')
  goal <= 60 s at the default parallelism: ${APPLY_DEFAULT_SECONDS} s $(met "$APPLY_DEFAULT_SECONDS" 60)
  baseline, DDL only, one psql session, one transaction per schema: ${DDL_BASELINE} s (portico / baseline: $(ratio "$APPLY_DEFAULT_SECONDS" "$DDL_BASELINE")x)
  baseline, DDL + bookkeeping (lock, versions, record), no GRANT, one psql session: ${DDL_BOOKKEEPING_NOGRANT_BASELINE} s (portico / baseline: $(ratio "$APPLY_DEFAULT_SECONDS" "$DDL_BOOKKEEPING_NOGRANT_BASELINE")x)
  baseline, the same + GRANT ... ON ALL TABLES IN SCHEMA (all portico runs), one psql session: ${DDL_BOOKKEEPING_BASELINE} s (portico / baseline: $(ratio "$APPLY_DEFAULT_SECONDS" "$DDL_BOOKKEEPING_BASELINE")x)
  catalog size at the end: ${CATALOG_RELATIONS} rows in pg_class
EOF
