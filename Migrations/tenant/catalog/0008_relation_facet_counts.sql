-- Facet counts for relations.ownedBy, which Backstage's owner picker asks for on every catalog
-- visit (FacetCounts.relationKeysByType as of this migration): a relation counts for its type's
-- facet under its target, and for its reverse type's facet under its source.
INSERT INTO facet_counts (key, original_value, count)
SELECT key, original_value, count(*) FROM (
    SELECT 'relations.' || lower(type) AS key, target_ref AS original_value FROM relations WHERE type = 'ownedBy'
    UNION ALL
    SELECT 'relations.' || lower(reverse_type), source_ref FROM relations WHERE reverse_type = 'ownedBy'
) counted
GROUP BY key, original_value;
