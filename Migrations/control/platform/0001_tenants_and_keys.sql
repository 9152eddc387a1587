-- Tenants, their API keys, and the operators who run the fleet.

CREATE TABLE control.tenants (
    id uuid PRIMARY KEY,
    -- Insertion order, for stable keyset pagination of tenant lists.
    seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    slug text NOT NULL,
    name text NOT NULL,
    admin_email text NOT NULL,
    plan text NOT NULL,
    rate_limit_override integer CHECK (rate_limit_override > 0),
    status text NOT NULL CHECK (status IN ('provisioning', 'failed', 'active', 'suspended', 'deleting', 'deleted')),
    status_reason text,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    activated_at timestamptz,
    deleted_at timestamptz
);
-- A deleted tenant keeps its row for audit but frees its slug.
CREATE UNIQUE INDEX tenants_slug_live ON control.tenants (slug) WHERE status <> 'deleted';
CREATE INDEX tenants_status ON control.tenants (status, seq);
CREATE INDEX tenants_slug_pattern ON control.tenants (slug text_pattern_ops);

-- Lifecycle events; 'activated' happens exactly once per tenant.
CREATE TABLE control.tenant_events (
    id bigserial PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES control.tenants (id),
    event text NOT NULL,
    detail text,
    at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX tenant_events_activated_once ON control.tenant_events (tenant_id) WHERE event = 'activated';
CREATE INDEX tenant_events_tenant ON control.tenant_events (tenant_id, at);

CREATE TABLE control.api_keys (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES control.tenants (id),
    name text NOT NULL,
    lookup_id text NOT NULL UNIQUE,
    secret_hash bytea NOT NULL,
    scopes text[] NOT NULL,
    expires_at timestamptz,
    revoked_at timestamptz,
    last_used_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_keys_tenant ON control.api_keys (tenant_id, created_at);

CREATE TABLE control.operators (
    id uuid PRIMARY KEY,
    name text NOT NULL UNIQUE,
    lookup_id text NOT NULL UNIQUE,
    secret_hash bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);

CREATE TABLE control.audit_log (
    id bigserial PRIMARY KEY,
    operator_id uuid REFERENCES control.operators (id),
    operator_name text NOT NULL,
    action text NOT NULL,
    target text NOT NULL,
    detail jsonb NOT NULL DEFAULT '{}',
    at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_at ON control.audit_log (at DESC, id DESC);

-- Every replica caches verified keys; any change that must revoke access bumps this counter
-- (triggers below, so no code path can forget) and notifies, and replicas drop their caches.
CREATE TABLE control.auth_epoch (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    epoch bigint NOT NULL
);
INSERT INTO control.auth_epoch (epoch) VALUES (1);

CREATE FUNCTION control.bump_auth_epoch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE control.auth_epoch SET epoch = epoch + 1;
    PERFORM pg_notify('portico_auth', TG_TABLE_NAME);
    RETURN NULL;
END $$;

CREATE TRIGGER api_keys_auth_change AFTER UPDATE OF revoked_at, expires_at, scopes OR DELETE ON control.api_keys
    FOR EACH STATEMENT EXECUTE FUNCTION control.bump_auth_epoch();
CREATE TRIGGER tenants_auth_change AFTER UPDATE OF status, plan, rate_limit_override ON control.tenants
    FOR EACH STATEMENT EXECUTE FUNCTION control.bump_auth_epoch();
CREATE TRIGGER operators_auth_change AFTER UPDATE OF revoked_at OR DELETE ON control.operators
    FOR EACH STATEMENT EXECUTE FUNCTION control.bump_auth_epoch();
