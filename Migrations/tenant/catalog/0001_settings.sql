-- Per-tenant settings (catalog refresh interval, orphan policy, ...), one row per key.
-- Tenant migrations run with search_path set to the tenant's schema: never qualify names here.
CREATE TABLE settings (
    key text PRIMARY KEY,
    value jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
