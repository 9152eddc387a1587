-- Whole-catalog value counts of the facet keys Backstage's catalog page asks for on every visit,
-- kept by the writer in the same transaction as the search rows they count, so facets without a
-- filter are a lookup instead of a scan of the search index. The key list is FacetCounts.keys
-- in Sources/PorticoCatalog/Store/FacetCounts.swift as of this migration.
CREATE TABLE facet_counts (
    key text NOT NULL,
    original_value text NOT NULL,
    count bigint NOT NULL,
    PRIMARY KEY (key, original_value)
);

INSERT INTO facet_counts (key, original_value, count)
SELECT key, original_value, count(*) FROM search
WHERE key IN ('kind', 'metadata.namespace', 'metadata.tags', 'spec.type', 'spec.lifecycle', 'spec.owner', 'spec.system')
GROUP BY key, original_value;
