-- The software catalog. Entities keep their descriptor as jsonb; `search` flattens it into
-- lowercased key/value rows for filters and facets (as Backstage does); `relations` holds both
-- directions of every relation, keyed by lowercased refs so targets that arrive later resolve.

CREATE TABLE entities (
    uid uuid PRIMARY KEY,
    ref text NOT NULL UNIQUE,            -- lowercased kind:namespace/name
    kind text NOT NULL,                  -- lowercased
    namespace text NOT NULL,             -- lowercased
    name text NOT NULL,                  -- lowercased, the default sort
    etag text NOT NULL,
    body jsonb NOT NULL,                 -- the entity without relations and status
    content_hash text NOT NULL,          -- of the authored content: unchanged input costs no write
    source text NOT NULL,                -- 'provider:<name>' or 'location:<id>'
    location_id uuid,
    errors jsonb,                        -- processing errors shown in status.items
    search_text text NOT NULL,           -- lowercased name, title, description, tags for fullTextFilter
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX entities_name ON entities (name, uid);
CREATE INDEX entities_kind_name ON entities (kind, name, uid);
CREATE INDEX entities_source ON entities (source);

CREATE TABLE search (
    entity_uid uuid NOT NULL REFERENCES entities (uid) ON DELETE CASCADE,
    key text NOT NULL,
    value text NOT NULL,
    original_value text NOT NULL
);
-- original_value rides along so facets are answered from the index alone.
CREATE INDEX search_key_value ON search (key, value, entity_uid) INCLUDE (original_value);
CREATE INDEX search_entity ON search (entity_uid);

CREATE TABLE relations (
    originating_uid uuid NOT NULL REFERENCES entities (uid) ON DELETE CASCADE,
    source_key text NOT NULL,
    type text NOT NULL,
    target_key text NOT NULL,
    target_ref text NOT NULL
);
CREATE INDEX relations_source ON relations (source_key);
CREATE INDEX relations_type_target ON relations (type, target_key);
CREATE INDEX relations_origin ON relations (originating_uid);
