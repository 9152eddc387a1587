-- Per search key, how many entities hold it, kept in facet_counts under the key '(keys)' (never a
-- search key's name: those rows are only the fixed facet keys). Existence filters
-- (`filter=metadata.annotations.x`) answer totalItems from these instead of counting every match,
-- and an order on a key every entity holds is read in index order. FacetCounts.presenceKey as of
-- this migration.
INSERT INTO facet_counts (key, original_value, count)
SELECT '(keys)', key, count(DISTINCT entity_uid) FROM search GROUP BY key;

-- How often each (key, value) pair occurs, as one list: without it the planner multiplies the
-- frequencies of key and value, so `metadata.labels.tier=1` on a third of the catalog was estimated
-- at 2 % and sorted every match instead of reading entities in name order until the page was full.
-- A statistics object is no relation and takes no space in the schema; ANALYZE fills it.
CREATE STATISTICS search_key_value_pairs (mcv) ON key, value FROM search;
