-- Registered catalog locations (URLs of catalog-info.yaml files) and their last ingestion.
CREATE TABLE locations (
    id uuid PRIMARY KEY,
    type text NOT NULL,
    target text NOT NULL,
    status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'ok', 'failed')),
    message text,                        -- why the last refresh failed
    problems jsonb NOT NULL DEFAULT '[]', -- entities of the last refresh that were skipped, and why
    etag text,                           -- the server's ETag, sent back as If-None-Match
    content_hash text,                   -- of everything fetched: unchanged sources cost no write
    entity_count integer NOT NULL DEFAULT 0,
    last_refreshed_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (type, target)
);
