-- The price book: each plan's prices, versioned. A new version changes nothing for tenants
-- already subscribed until they are migrated to it. Amounts are integers in the currency's minor
-- units; `meters` holds each priced meter's included quantity and graduated tiers
-- ([{"meter", "included", "unitSize", "tiers": [{"upTo", "unitAmount"}]}], the last tier open).
CREATE TABLE control.billing_plan_versions (
    plan text NOT NULL,
    version integer NOT NULL CHECK (version >= 1),
    currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    base_fee bigint NOT NULL CHECK (base_fee >= 0),
    meters jsonb NOT NULL,
    published_at timestamptz NOT NULL,
    published_by text NOT NULL,
    PRIMARY KEY (plan, version)
);

INSERT INTO control.billing_plan_versions (plan, version, currency, base_fee, meters, published_at, published_by) VALUES
('free', 1, 'USD', 0, '[]', '2026-12-01T00:00:00Z', 'migration'),
('team', 1, 'USD', 49900, '[
  {"meter": "api.requests", "included": 5000000, "unitSize": 100000, "tiers": [{"upTo": null, "unitAmount": 20}]},
  {"meter": "seats", "included": 25, "unitSize": 1, "tiers": [{"upTo": null, "unitAmount": 1500}]},
  {"meter": "insights.events", "included": 2000000, "unitSize": 10000, "tiers": [{"upTo": 10000000, "unitAmount": 5}, {"upTo": null, "unitAmount": 3}]},
  {"meter": "catalog.entities", "included": 5000, "unitSize": 100, "tiers": [{"upTo": null, "unitAmount": 10}]}
]', '2026-12-01T00:00:00Z', 'migration'),
('enterprise', 1, 'USD', 249900, '[
  {"meter": "api.requests", "included": 50000000, "unitSize": 100000, "tiers": [{"upTo": null, "unitAmount": 15}]},
  {"meter": "seats", "included": 250, "unitSize": 1, "tiers": [{"upTo": 1000, "unitAmount": 1200}, {"upTo": null, "unitAmount": 900}]},
  {"meter": "insights.events", "included": 50000000, "unitSize": 10000, "tiers": [{"upTo": null, "unitAmount": 3}]},
  {"meter": "catalog.entities", "included": 50000, "unitSize": 100, "tiers": [{"upTo": null, "unitAmount": 8}]},
  {"meter": "aika.questions", "included": 10000, "unitSize": 1, "tiers": [{"upTo": null, "unitAmount": 5}]},
  {"meter": "aika.tokens", "included": 20000000, "unitSize": 1000000, "tiers": [{"upTo": null, "unitAmount": 50}]}
]', '2026-12-01T00:00:00Z', 'migration');

-- What a tenant pays, on which plan version. Periods are calendar months (UTC) of the tenant's
-- clock; `period_start` is the open one. A downgrade waits in `scheduled_*` for the period's end.
CREATE TABLE control.billing_subscriptions (
    tenant_id uuid PRIMARY KEY REFERENCES control.tenants (id) ON DELETE CASCADE,
    plan text NOT NULL,
    plan_version integer NOT NULL,
    status text NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'canceled')),
    period_start timestamptz NOT NULL,
    trial_ends_at timestamptz,
    cancel_at_period_end boolean NOT NULL DEFAULT false,
    scheduled_plan text,
    scheduled_version integer,
    canceled_at timestamptz,
    past_due_since timestamptz,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    FOREIGN KEY (plan, plan_version) REFERENCES control.billing_plan_versions (plan, version),
    FOREIGN KEY (scheduled_plan, scheduled_version) REFERENCES control.billing_plan_versions (plan, version)
);
-- The billing run visits subscriptions whose open period has ended.
CREATE INDEX billing_subscriptions_due ON control.billing_subscriptions (period_start) WHERE status <> 'canceled';
CREATE INDEX billing_subscriptions_trials ON control.billing_subscriptions (trial_ends_at) WHERE status = 'trialing';
CREATE INDEX billing_subscriptions_past_due ON control.billing_subscriptions (past_due_since) WHERE status = 'past_due';

-- Which plan version a tenant was on, from when to when: base fees are prorated over these to
-- the second. A trial span costs nothing.
CREATE TABLE control.billing_plan_spans (
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    started_at timestamptz NOT NULL,
    ended_at timestamptz,
    plan text NOT NULL,
    plan_version integer NOT NULL,
    trial boolean NOT NULL,
    PRIMARY KEY (tenant_id, started_at),
    CHECK (ended_at IS NULL OR ended_at >= started_at)
);

-- Who the invoices are addressed to and at what tax rate (basis points); trials end on the paid
-- plan only for a profile an operator approved.
CREATE TABLE control.billing_profiles (
    tenant_id uuid PRIMARY KEY REFERENCES control.tenants (id) ON DELETE CASCADE,
    legal_name text NOT NULL,
    email text NOT NULL,
    address text NOT NULL DEFAULT '',
    tax_id text NOT NULL DEFAULT '',
    tax_rate_basis_points integer NOT NULL DEFAULT 0 CHECK (tax_rate_basis_points BETWEEN 0 AND 10000),
    approved_at timestamptz,
    approved_by text,
    updated_at timestamptz NOT NULL
);

-- One invoice per tenant per period, exactly once (the unique key); a cancellation at once
-- closes the period early, so it is still the one invoice of that period. `numbered` once
-- finalized, from `billing_invoice_numbers`, so numbers have no gaps. `usage` holds the
-- quantities billed per meter, the base of later adjustments.
CREATE TABLE control.billing_invoices (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    number text UNIQUE,
    status text NOT NULL CHECK (status IN ('draft', 'open', 'paid', 'void', 'uncollectible')),
    period_start timestamptz NOT NULL,
    period_end timestamptz NOT NULL,
    currency text NOT NULL,
    subtotal bigint NOT NULL,
    tax bigint NOT NULL,
    total bigint NOT NULL,
    tax_rate_basis_points integer NOT NULL,
    lines jsonb NOT NULL,
    usage jsonb NOT NULL,
    created_at timestamptz NOT NULL,
    finalize_after timestamptz NOT NULL,
    finalized_at timestamptz,
    due_at timestamptz,
    paid_at timestamptz,
    closed_at timestamptz,
    UNIQUE (tenant_id, period_start)
);
CREATE INDEX billing_invoices_tenant ON control.billing_invoices (tenant_id, period_start DESC);
CREATE INDEX billing_invoices_drafts ON control.billing_invoices (finalize_after) WHERE status = 'draft';
CREATE INDEX billing_invoices_unpaid ON control.billing_invoices (due_at) WHERE status = 'open';

-- Quantities billed per tenant, period and meter, across the period's invoice and later
-- adjustments: late usage is billed as the difference between the period's total now and this.
CREATE TABLE control.billing_billed_usage (
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    period_start timestamptz NOT NULL,
    meter text NOT NULL,
    quantity bigint NOT NULL,
    PRIMARY KEY (tenant_id, period_start, meter)
);

-- The next number per issuer, taken under the row's lock in the finalizing transaction.
CREATE TABLE control.billing_invoice_numbers (
    issuer text PRIMARY KEY,
    next_number bigint NOT NULL
);

CREATE TABLE control.billing_credit_notes (
    id uuid PRIMARY KEY,
    tenant_id uuid NOT NULL REFERENCES control.tenants (id) ON DELETE CASCADE,
    invoice_id uuid NOT NULL REFERENCES control.billing_invoices (id) ON DELETE CASCADE,
    number text NOT NULL UNIQUE,
    amount bigint NOT NULL CHECK (amount > 0),
    reason text NOT NULL,
    created_at timestamptz NOT NULL,
    created_by text NOT NULL
);
CREATE INDEX billing_credit_notes_invoice ON control.billing_credit_notes (invoice_id);
