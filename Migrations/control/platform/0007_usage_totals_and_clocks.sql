-- Usage summed per tenant, meter, dimension and UTC day, written in the same statement as the
-- records it sums (only records not seen before count), so a period's usage is read from at most
-- 31 rows per meter and dimension instead of every record. `peak` is the largest single record
-- (a gauge's highest sample), `records` how many records the sum holds (a gauge's samples).
CREATE TABLE control.usage_totals (
    tenant_id uuid NOT NULL,
    meter text NOT NULL,
    dimension text NOT NULL,
    day date NOT NULL,
    quantity bigint NOT NULL,
    peak bigint NOT NULL,
    records bigint NOT NULL,
    PRIMARY KEY (tenant_id, meter, day, dimension)
);

INSERT INTO control.usage_totals (tenant_id, meter, dimension, day, quantity, peak, records)
SELECT tenant_id, meter, dimension, (occurred_at AT TIME ZONE 'UTC')::date, sum(quantity), max(quantity), count(*)
FROM control.usage_records
GROUP BY 1, 2, 3, 4;

-- A tenant on a test clock: its usage, billing periods, trials and dunning follow `frozen_at`
-- instead of the wall clock, until an operator advances it or takes the tenant off it. Usage
-- reported for it is stamped at the clock's time, shifted back by however long ago it happened.
CREATE TABLE control.tenant_clocks (
    tenant_id uuid PRIMARY KEY REFERENCES control.tenants (id) ON DELETE CASCADE,
    frozen_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- `seats` (distinct users in the month) is a meter of the whole product, not of one module.
ALTER TABLE control.usage_records DROP CONSTRAINT usage_records_meter_check,
    ADD CONSTRAINT usage_records_meter_check CHECK (meter ~ '^[a-z][a-z0-9_-]*(\.[a-z][a-z0-9_-]*)*$');
