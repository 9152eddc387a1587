-- What tenants used, as modules and the gateway report it (the usage port); billing reads it.
-- The idempotency key is permanent: a record reported again, at any time, is ignored.
CREATE TABLE control.usage_records (
    tenant_id uuid NOT NULL,
    meter text NOT NULL CHECK (meter ~ '^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)+$'),
    idempotency_key text NOT NULL CHECK (length(idempotency_key) BETWEEN 1 AND 200),
    dimension text NOT NULL DEFAULT '' CHECK (length(dimension) <= 100),
    quantity bigint NOT NULL CHECK (quantity >= 0),
    occurred_at timestamptz NOT NULL,
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, meter, idempotency_key)
);

-- Billing sums a tenant's meter over a period.
CREATE INDEX usage_records_by_period ON control.usage_records (tenant_id, meter, occurred_at);
