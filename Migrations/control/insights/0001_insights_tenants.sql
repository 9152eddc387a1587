-- Insights' per-tenant settings and the secret that pseudonymizes user refs. The secret lives in
-- control, apart from the tenant's events: a copy of a tenant schema alone does not let anyone
-- test guesses of who a pseudonym is. Rows are made on first use and deleted with the tenant.
CREATE TABLE control.insights_tenants (
    tenant_id uuid PRIMARY KEY REFERENCES control.tenants (id) ON DELETE CASCADE,
    user_key_secret bytea NOT NULL,
    keep_user_refs boolean NOT NULL DEFAULT false,
    retention_months integer NOT NULL DEFAULT 13 CHECK (retention_months BETWEEN 1 AND 120),
    licensed_seats integer CHECK (licensed_seats > 0),
    updated_at timestamptz NOT NULL DEFAULT now()
);
