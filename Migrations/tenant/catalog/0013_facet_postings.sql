-- Postings of the kept facet keys, so facets under any filter count only the matching entities'
-- values instead of joining every row of the facet key with the matches (300,000 tag rows for a
-- filter matching a third of a 100,000-entity catalog). See FacetPostings
-- (Sources/PorticoCatalog/Store/FacetPostings.swift); its key list is FacetCounts.searchKeys as of
-- this migration.
--
-- Each entity gets a stable ordinal, kept on its search rows too, so a filter's matches come out of
-- one range of the search index as ordinals. For each (kept key, written value) and each segment
-- of 65,536 ordinals, a `facet_counts` row under `(postings)<US>key<US>segment` holds the
-- entities' offsets within the segment, two bytes each, big-endian, ascending. Rows, not a table:
-- an empty tenant's schema keeps its relations. `(ordinals)` holds the last ordinal handed out.
ALTER TABLE entities ADD COLUMN ordinal bigint;
ALTER TABLE search ADD COLUMN entity_ordinal bigint;
ALTER TABLE facet_counts ADD COLUMN offsets bytea;

UPDATE entities e SET ordinal = n.ordinal
FROM (SELECT uid, row_number() OVER (ORDER BY uid) AS ordinal FROM entities) n
WHERE n.uid = e.uid;
UPDATE search s SET entity_ordinal = e.ordinal FROM entities e WHERE e.uid = s.entity_uid;
ALTER TABLE entities ALTER COLUMN ordinal SET NOT NULL;
ALTER TABLE search ALTER COLUMN entity_ordinal SET NOT NULL;

DROP INDEX search_key_value;
CREATE INDEX search_key_value ON search (key, value, entity_uid) INCLUDE (original_value, entity_ordinal);

INSERT INTO facet_counts (key, original_value, count)
SELECT '(ordinals)', '', coalesce(max(ordinal), 0) FROM entities;

INSERT INTO facet_counts (key, original_value, count, offsets)
SELECT '(postings)' || chr(31) || key || chr(31) || (entity_ordinal >> 16), original_value, count(*),
       string_agg(substring(int4send((entity_ordinal & 65535)::integer) FROM 3 FOR 2), '' ORDER BY entity_ordinal)
FROM search
WHERE key IN ('kind', 'metadata.namespace', 'metadata.tags', 'spec.type', 'spec.lifecycle', 'spec.owner', 'spec.system')
GROUP BY 1, 2;
