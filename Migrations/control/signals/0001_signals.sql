-- Signals' rows that must live outside the tenant's schema: a public delivery URL names a hook,
-- not a tenant, so the hook → tenant mapping is read before any tenant is known; cluster tokens
-- and hook secrets are sealed with the operator's key and kept apart from the tenant's data.

-- The tenant's signals settings (the cost tag), made on first change.
CREATE TABLE control.signals_tenants (
    tenant_id uuid PRIMARY KEY REFERENCES control.tenants (id) ON DELETE CASCADE,
    cost_entity_tag text NOT NULL,
    updated_at timestamptz NOT NULL
);

-- CI/CD webhooks. The secret is sealed (AES-GCM, the tenant id bound): GitHub signs with it, so a
-- hash would not do.
CREATE TABLE control.signals_hooks (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    provider text NOT NULL CHECK (provider IN ('github', 'gitlab', 'generic')),
    sealed_secret bytea NOT NULL,
    created_at timestamptz NOT NULL,
    rotated_at timestamptz
);
CREATE INDEX signals_hooks_tenant ON control.signals_hooks (tenant_id, created_at);

-- Kubernetes clusters. `pull` clusters are listed by the worker with the sealed service-account
-- token; `push` clusters are fed by `portico agent kubernetes` and have no URL or token.
CREATE TABLE control.signals_clusters (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    name text NOT NULL,
    mode text NOT NULL CHECK (mode IN ('pull', 'push')),
    api_url text,
    ca_certificate text,
    sealed_token bytea,
    created_at timestamptz NOT NULL,
    last_sync_at timestamptz,
    last_sync_error text,
    -- The entities the last listing found workloads for, so the next can clear those that left.
    synced_entities uuid[] NOT NULL DEFAULT '{}',
    UNIQUE (tenant_id, name),
    CHECK ((mode = 'pull') = (api_url IS NOT NULL AND sealed_token IS NOT NULL))
);
