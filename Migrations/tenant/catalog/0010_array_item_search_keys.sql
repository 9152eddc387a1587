-- Search rows as Backstage writes them for arrays, for entities written before the writer did:
-- objects inside arrays are flattened under the array's key (`links.url`), and each string item
-- gives a `<key>.<item>` = 'true' row (`metadata.tags.java`). The walk follows the writer's
-- (`SearchRows`): keys and values of at most 200 characters, nulls skipped. Leaves not under an
-- array were always written and are left alone; a row already there is not written twice.
--
-- The cluster's C locale lowercases ASCII only, where the writer lowercases all of Unicode, so rows
-- with other characters are not written here: their entities get a content hash no input has,
-- and their locations lose ETag and hash, so the next push or refresh rewrites them whole.
WITH RECURSIVE nodes (uid, path, value, in_array) AS (
    SELECT e.uid, j.key, j.value, false
    FROM entities e, jsonb_each(e.body) j
    WHERE j.key NOT IN ('relations', 'status')
    UNION ALL
    SELECT n.uid, child.path, child.value, child.in_array
    FROM nodes n CROSS JOIN LATERAL (
        SELECT n.path || '.' || j.key, j.value, n.in_array
        FROM jsonb_each(CASE WHEN jsonb_typeof(n.value) = 'object' THEN n.value ELSE '{}' END) j
        UNION ALL
        SELECT n.path, item, true
        FROM jsonb_array_elements(CASE WHEN jsonb_typeof(n.value) = 'array' THEN n.value ELSE '[]' END) item
    ) child (path, value, in_array)
),
wanted (uid, key, value, original_value) AS (
    SELECT uid, path, value #>> '{}', value #>> '{}'
    FROM nodes
    WHERE in_array AND jsonb_typeof(value) IN ('string', 'number', 'boolean')
    UNION
    SELECT n.uid, n.path || '.' || (item #>> '{}'), 'true', 'true'
    FROM nodes n, jsonb_array_elements(n.value) item
    WHERE jsonb_typeof(n.value) = 'array' AND jsonb_typeof(item) = 'string'
),
rows (uid, key, value, original_value, ascii) AS (
    SELECT DISTINCT ON (uid, lower(key), lower(value)) uid, lower(key), lower(value), original_value,
           octet_length(key || original_value) = char_length(key || original_value)
    FROM wanted
    WHERE char_length(key) <= 200 AND char_length(original_value) <= 200
      -- Keys with kept facet counts or promoted columns: an array there (no Backstage kind has one)
      -- is taken up when its entity is next written, so counts and columns never drift from the rows.
      AND lower(key) NOT IN ('kind', 'metadata.namespace', 'metadata.tags', 'spec.type', 'spec.lifecycle', 'spec.owner', 'spec.system')
    ORDER BY uid, lower(key), lower(value), original_value
),
inserted AS (
    INSERT INTO search (entity_uid, key, value, original_value)
    SELECT r.uid, r.key, r.value, r.original_value
    FROM rows r
    WHERE r.ascii
      AND NOT EXISTS (SELECT 1 FROM search s WHERE s.entity_uid = r.uid AND s.key = r.key AND s.value = r.value)
),
rewritten AS (
    UPDATE entities SET content_hash = 'search-rows-0010'
    WHERE uid IN (SELECT uid FROM rows WHERE NOT ascii)
    RETURNING location_id
)
UPDATE locations SET etag = NULL, content_hash = NULL WHERE id IN (SELECT location_id FROM rewritten);
