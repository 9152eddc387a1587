-- The commonest filter keys are also kept as columns, so `kind=component,spec.type=website`
-- is one index range (in name order, counted from the index alone) instead of a join with
-- `search`. A column holds the key's value only when the entity has exactly one; entities
-- with several (an array) list the key in multi_valued_keys, and queries fall back to `search`
-- for that key while any such entity exists.
ALTER TABLE entities
    ADD COLUMN spec_type text,
    ADD COLUMN spec_lifecycle text,
    ADD COLUMN multi_valued_keys text[];

UPDATE entities e SET
    spec_type = CASE WHEN p.type_count = 1 THEN p.type_value END,
    spec_lifecycle = CASE WHEN p.lifecycle_count = 1 THEN p.lifecycle_value END,
    multi_valued_keys = nullif(array_remove(ARRAY[
        CASE WHEN p.type_count > 1 THEN 'spec.type' END,
        CASE WHEN p.lifecycle_count > 1 THEN 'spec.lifecycle' END], NULL), '{}')
FROM (
    SELECT entity_uid,
           count(*) FILTER (WHERE key = 'spec.type') AS type_count,
           min(value) FILTER (WHERE key = 'spec.type') AS type_value,
           count(*) FILTER (WHERE key = 'spec.lifecycle') AS lifecycle_count,
           min(value) FILTER (WHERE key = 'spec.lifecycle') AS lifecycle_value
    FROM search WHERE key IN ('spec.type', 'spec.lifecycle')
    GROUP BY entity_uid
) p
WHERE p.entity_uid = e.uid;

CREATE INDEX entities_kind_type_name ON entities (kind, spec_type, name, uid);
CREATE INDEX entities_multi_valued ON entities (uid) WHERE multi_valued_keys IS NOT NULL;
