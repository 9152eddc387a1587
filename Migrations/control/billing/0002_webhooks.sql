-- Where a tenant wants billing's events delivered, signed per Standard Webhooks. The secrets are
-- kept as they are (they must be read to sign) in the operator-only control schema and are shown
-- to the tenant once, when made or rotated. After a rotation the previous secret keeps signing,
-- beside the new one, until `previous_secret_until`.
CREATE TABLE control.billing_webhook_endpoints (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    url text NOT NULL CHECK (length(url) BETWEEN 1 AND 2000),
    event_types text[] NOT NULL CHECK (cardinality(event_types) >= 1),
    secret text NOT NULL,
    previous_secret text,
    previous_secret_until timestamptz,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CHECK ((previous_secret IS NULL) = (previous_secret_until IS NULL))
);
-- A tenant's endpoints, listed and counted against the cap.
CREATE INDEX billing_webhook_endpoints_tenant ON control.billing_webhook_endpoints (tenant_id, created_at);

-- The outbox: each event, written in the transaction of the change it announces. `body` is the
-- whole delivered JSON ({"type", "timestamp", "data"}), kept as `json` (text, not `jsonb`) so every
-- attempt and replay sends, and signs, the very same bytes.
CREATE TABLE control.billing_webhook_events (
    id text PRIMARY KEY CHECK (id ~ '^msg_[0-9a-f]{32}$'),
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    type text NOT NULL,
    body json NOT NULL,
    created_at timestamptz NOT NULL
);
-- Replay of a time range.
CREATE INDEX billing_webhook_events_tenant ON control.billing_webhook_events (tenant_id, created_at);

-- One event to one endpoint, and the log of its attempts. A pending delivery is due at
-- `next_attempt_at`; a claimed one has it moved past the attempt's deadline, so a worker that dies
-- mid-attempt leaves it due again. Retries stop 3 days after `created_at` (the event's publication,
-- or the replay).
CREATE TABLE control.billing_webhook_deliveries (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    event_id text NOT NULL REFERENCES control.billing_webhook_events (id) ON DELETE CASCADE,
    endpoint_id uuid NOT NULL REFERENCES control.billing_webhook_endpoints (id) ON DELETE CASCADE,
    status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'failed')),
    attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    next_attempt_at timestamptz,
    last_status_code integer,
    last_error text,
    delivered_at timestamptz,
    created_at timestamptz NOT NULL,
    CHECK ((status = 'pending') = (next_attempt_at IS NOT NULL))
);
-- Claims: per tenant, the oldest due first, so one tenant's backlog cannot hide another's.
CREATE INDEX billing_webhook_deliveries_due ON control.billing_webhook_deliveries (tenant_id, next_attempt_at) WHERE status = 'pending';
-- An endpoint's delivery log, newest first (and the cascade when an endpoint is deleted).
CREATE INDEX billing_webhook_deliveries_endpoint ON control.billing_webhook_deliveries (endpoint_id, created_at DESC);
-- The cascade when events go (with their tenant).
CREATE INDEX billing_webhook_deliveries_event ON control.billing_webhook_deliveries (event_id);
