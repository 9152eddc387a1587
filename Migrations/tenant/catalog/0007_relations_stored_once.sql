-- Each relation is stored once, as its originating entity declares it, with the type of the
-- other direction (`ownedBy` / `ownerOf`) beside it; reads take both directions from the one
-- row. Half the rows and index entries of storing both directions, which ingestion paid for.
ALTER TABLE relations ADD COLUMN source_ref text, ADD COLUMN reverse_type text;

-- Rows whose source is not their originating entity were the stored other directions.
DELETE FROM relations r USING entities e WHERE e.uid = r.originating_uid AND r.source_key <> e.ref;

UPDATE relations r SET
    source_ref = lower(e.body->>'kind') || ':' || lower(coalesce(e.body->'metadata'->>'namespace', 'default'))
                 || '/' || (e.body->'metadata'->>'name'),
    reverse_type = CASE r.type
        WHEN 'ownedBy' THEN 'ownerOf' WHEN 'ownerOf' THEN 'ownedBy'
        WHEN 'subcomponentOf' THEN 'hasSubcomponent' WHEN 'hasSubcomponent' THEN 'subcomponentOf'
        WHEN 'providesApi' THEN 'apiProvidedBy' WHEN 'apiProvidedBy' THEN 'providesApi'
        WHEN 'consumesApi' THEN 'apiConsumedBy' WHEN 'apiConsumedBy' THEN 'consumesApi'
        WHEN 'dependsOn' THEN 'dependencyOf' WHEN 'dependencyOf' THEN 'dependsOn'
        WHEN 'partOf' THEN 'hasPart' WHEN 'hasPart' THEN 'partOf'
        WHEN 'childOf' THEN 'parentOf' WHEN 'parentOf' THEN 'childOf'
        WHEN 'hasMember' THEN 'memberOf' WHEN 'memberOf' THEN 'hasMember'
    END
FROM entities e WHERE e.uid = r.originating_uid;

ALTER TABLE relations ALTER COLUMN source_ref SET NOT NULL, ALTER COLUMN reverse_type SET NOT NULL;

DROP INDEX relations_source;
DROP INDEX relations_type_target;
-- An entity's relations are the rows it is the source of and the rows it is the target of;
-- a relation filter looks up (target, type) for one direction and (source, reverse type) for the other.
CREATE INDEX relations_source_reverse ON relations (source_key, reverse_type);
CREATE INDEX relations_target_type ON relations (target_key, type);
