-- Each tenant's AiKA settings (its own model endpoints, their keys sealed with the operator's
-- key) and where its catalog sync stands. Created on first use or first sync.
CREATE TABLE control.aika_tenants (
    tenant_id uuid PRIMARY KEY REFERENCES control.tenants (id) ON DELETE CASCADE,
    chat_url text,
    chat_model text,
    chat_key bytea,                 -- AES-GCM sealed, bound to the tenant id
    embeddings_url text,
    embeddings_model text,
    embeddings_key bytea,
    stale_after_days int NOT NULL DEFAULT 180,
    synced_at timestamptz,          -- the catalog sync's position: entities written after
    synced_ref text,                -- (synced_at, synced_ref) are read next
    reconciled_at timestamptz,      -- when every ref was last compared with the catalog's
    updated_at timestamptz NOT NULL
);
