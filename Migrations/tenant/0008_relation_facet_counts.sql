-- Facet counts for `relations.<type>` (Backstage's owner picker asks for relations.ownedBy), for
-- the types whose pairs are each one stored row (RelationRules.singlyDeclaredTypes as of this
-- migration), counted as the writer counts them: a relation counts for its type (the target) and
-- its reverse type (the source).
INSERT INTO facet_counts (key, original_value, count)
SELECT key, original_value, count(*) FROM (
    SELECT 'relations.' || lower(type) AS key, target_ref AS original_value FROM relations
    WHERE type IN ('ownedBy', 'ownerOf', 'subcomponentOf', 'hasSubcomponent', 'providesApi', 'apiProvidedBy',
                   'consumesApi', 'apiConsumedBy', 'partOf', 'hasPart')
    UNION ALL
    SELECT 'relations.' || lower(reverse_type), source_ref FROM relations
    WHERE reverse_type IN ('ownedBy', 'ownerOf', 'subcomponentOf', 'hasSubcomponent', 'providesApi', 'apiProvidedBy',
                           'consumesApi', 'apiConsumedBy', 'partOf', 'hasPart')
) counted
GROUP BY key, original_value;
