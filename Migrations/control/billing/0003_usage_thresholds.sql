-- The usage thresholds (a share of a meter's included quantity) each tenant's open period has
-- crossed: each is announced once (`usage.threshold_reached`), however often it is checked.
CREATE TABLE control.billing_threshold_notices (
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    period_start timestamptz NOT NULL,
    meter text NOT NULL,
    percent integer NOT NULL,
    quantity bigint NOT NULL,
    included bigint NOT NULL,
    reached_at timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, period_start, meter, percent)
);
