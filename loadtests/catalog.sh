#!/usr/bin/env bash
# The catalog at scale: one tenant with a generated organisation of BENCH_ENTITIES (100,000)
# entities beside BENCH_OTHER_TENANTS (50) tenants of BENCH_OTHER_ENTITIES (2,000) each.
# `portico bench catalog` ingests through the push API's code path (relations included), ingests the
# same set again unchanged, then measures the catalog API over loopback HTTP against the same query
# as raw SQL (the floor), BENCH_REQUESTS (200) times each. Two catalog shapes, each in its own
# tenant, measured one after the other (BENCH_SHAPES, default "organisation labels"): the generated
# organisation (selective filters, many relations) and a flat catalog of Components with labels,
# annotations and tags whose filters match a third or all of it (issue 8).
#
#   loadtests/catalog.sh
#
# Goals (issue 3): by-name p50 <= 2 ms; by-query with a two-condition filter, limit 100, p99 <= 25 ms;
# relation filter p99 <= 25 ms; facets <= 50 ms; fullTextFilter <= 50 ms; by-refs of 100 <= 20 ms;
# walking all entities with fields=kind,metadata.name <= 3 s; ingestion >= 3,000 entities/s;
# re-ingesting unchanged <= 10% of the first ingestion. Issue 8: every filter and facet of the
# labelled shape, totalItems included: by-query p99 <= 25 ms, facets p99 <= 50 ms.
# shellcheck source=loadtests/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_postgres
build_release
wait_for_quiet
log "$(machine_summary)"
create_bench_db

shapes=()
for shape in ${BENCH_SHAPES:-organisation labels}; do shapes+=(--shape "$shape"); done

PORTICO_LOG_LEVEL=warning "$BIN" bench catalog "${shapes[@]}" \
    --entities "${BENCH_ENTITIES:-100000}" --other-tenants "${BENCH_OTHER_TENANTS:-50}" \
    --other-entities "${BENCH_OTHER_ENTITIES:-2000}" --requests "${BENCH_REQUESTS:-200}" \
    --port "$(free_port)" 2>"$WORK/bench.log"
