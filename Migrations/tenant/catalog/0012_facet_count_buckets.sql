-- Facet counts of the kept search keys per (kind, spec.type) bucket of entities, beside the
-- whole-catalog rows, so facets under a filter of kinds and types add up buckets instead of reading
-- every matching search row. Keys as FacetBuckets (Sources/PorticoCatalog/Store/FacetBuckets.swift)
-- builds them: chr(31) separates, the type comes last and is left out when the entity has no single
-- one; '(buckets)' rows count the entities of each bucket. FacetCounts.searchKeys as of this
-- migration. Rows only: no relation is added.
INSERT INTO facet_counts (key, original_value, count)
SELECT '(in)' || chr(31) || e.kind || chr(31) || s.key || coalesce(chr(31) || e.spec_type, ''), s.original_value, count(*)
FROM search s JOIN entities e ON e.uid = s.entity_uid
WHERE s.key IN ('kind', 'metadata.namespace', 'metadata.tags', 'spec.type', 'spec.lifecycle', 'spec.owner', 'spec.system')
GROUP BY 1, 2
UNION ALL
SELECT '(buckets)', e.kind || coalesce(chr(31) || e.spec_type, ''), count(*) FROM entities e GROUP BY 2;
