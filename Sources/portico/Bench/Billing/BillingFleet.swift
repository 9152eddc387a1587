import Foundation

/// The tenants of `portico bench billing --part run`, written straight into the control tables
/// with set-based SQL: November 2026 is the billed month, and every tenant's test clock stands
/// two hours after it ended (past the default one-hour draft grace), so one run closes the period
/// and finalizes its invoice.
///
/// Shapes, by tenant number `n` (its kind by `n % 20`, the rest by its block of twenty, `b = n /
/// 20`): 70 % free, 25 % team, 5 % enterprise; in blocks with `b % 10 == 3` team tenants upgraded
/// to enterprise mid-month (two plan spans) and enterprise ones scheduled to downgrade at the
/// period's end; `b % 10 == 5` invoiced for October already, with late usage for October arrived
/// since (an adjustment line); team tenants with `b % 50 == 7` on a trial that ended on November
/// 14 (half with an approved billing profile, half falling back to free); paid tenants with `b %
/// 50 == 9` canceling at the period's end, with `b % 50 == 11` an October invoice unpaid since
/// November 15 (past due, then suspended); a 20 % tax rate for paid tenants with `b % 4 == 0`.
/// Tiered prices come with the plans (team's Insights events, enterprise's seats).
enum BillingFleet {
    static let table = "public.bench_billing_fleet"
    static let periodStart = "2026-11-01T00:00:00Z"
    static let periodEnd = "2026-12-01T00:00:00Z"
    static let clock = "2026-12-01T02:00:00Z"
    static let createdAt = "2026-09-01T00:00:00Z"

    /// Creates the fleet table (`group` names the tenants of one part) with `count` new tenants.
    static func create(count: Int, group: String) -> [String] {
        [
            """
            CREATE TABLE IF NOT EXISTS \(table) (
                n integer NOT NULL, tenant_id uuid PRIMARY KEY, bench_group text NOT NULL, kind text NOT NULL, plan text NOT NULL,
                upgraded boolean NOT NULL, downgrading boolean NOT NULL, late boolean NOT NULL, trialing boolean NOT NULL,
                approved boolean NOT NULL, canceling boolean NOT NULL, overdue boolean NOT NULL, tax_bp integer NOT NULL)
            """,
            """
            INSERT INTO \(table)
            SELECT n, tenant_id, '\(group)', kind,
                   CASE WHEN kind = 'team' AND n / 20 % 10 = 3 THEN 'enterprise' ELSE kind END,
                   kind = 'team' AND n / 20 % 10 = 3, kind = 'enterprise' AND n / 20 % 10 = 3, n / 20 % 10 = 5,
                   kind = 'team' AND n / 20 % 50 = 7, n / 20 % 100 = 7,
                   kind <> 'free' AND n / 20 % 50 = 9, kind <> 'free' AND n / 20 % 50 = 11,
                   CASE WHEN kind <> 'free' AND n / 20 % 4 = 0 THEN 2000 ELSE 0 END
            FROM (SELECT n, gen_random_uuid() AS tenant_id,
                         CASE WHEN n % 20 < 14 THEN 'free' WHEN n % 20 < 19 THEN 'team' ELSE 'enterprise' END AS kind
                  FROM generate_series(1, \(count)) AS n) AS f
            """,
        ]
    }

    /// The tenants' rows themselves (made directly: the run bills, it provisions nothing).
    static func tenants(group: String) -> String {
        """
        INSERT INTO control.tenants (id, slug, name, admin_email, plan, status, created_at, updated_at, activated_at)
        SELECT tenant_id, 'bill-' || n, 'Billing bench ' || n, 'bench' || n || '@billing.example',
               CASE WHEN trialing THEN 'team' ELSE plan END, 'active', '\(createdAt)', '\(createdAt)', '\(createdAt)'
        FROM \(table) WHERE bench_group = '\(group)'
        """
    }

    /// Subscriptions, plan spans, billing profiles, the test clocks at `clock`, and the October
    /// invoices of the late-usage and overdue tenants. Replaces what sign-up made for them.
    static func subscriptions(group: String, clock: String) -> [String] {
        let mine = "tenant_id IN (SELECT tenant_id FROM \(table) WHERE bench_group = '\(group)')"
        return [
            "DELETE FROM control.billing_plan_spans WHERE \(mine)",
            "DELETE FROM control.billing_subscriptions WHERE \(mine)",
            """
            INSERT INTO control.billing_subscriptions (
                tenant_id, plan, plan_version, status, period_start, trial_ends_at, cancel_at_period_end,
                scheduled_plan, scheduled_version, created_at, updated_at)
            SELECT tenant_id, CASE WHEN trialing THEN 'team' ELSE plan END, 1, CASE WHEN trialing THEN 'trialing' ELSE 'active' END,
                   '\(periodStart)', CASE WHEN trialing THEN timestamptz '2026-11-14T00:00:00Z' END, canceling,
                   CASE WHEN downgrading THEN 'team' END, CASE WHEN downgrading THEN 1 END, '\(createdAt)', '\(createdAt)'
            FROM \(table) WHERE bench_group = '\(group)'
            """,
            """
            INSERT INTO control.billing_plan_spans (tenant_id, started_at, ended_at, plan, plan_version, trial)
            SELECT tenant_id, timestamptz '\(createdAt)', CASE WHEN upgraded THEN timestamptz '2026-11-15T12:00:00Z' END,
                   CASE WHEN upgraded THEN 'team' ELSE plan END, 1, false
            FROM \(table) WHERE bench_group = '\(group)' AND NOT trialing
            UNION ALL
            SELECT tenant_id, timestamptz '2026-11-15T12:00:00Z', NULL, 'enterprise', 1, false FROM \(table) WHERE bench_group = '\(group)' AND upgraded
            UNION ALL
            SELECT tenant_id, timestamptz '2026-10-31T00:00:00Z', NULL, 'team', 1, true FROM \(table) WHERE bench_group = '\(group)' AND trialing
            """,
            """
            INSERT INTO control.billing_profiles (tenant_id, legal_name, email, tax_rate_basis_points, approved_at, approved_by, updated_at)
            SELECT tenant_id, 'Billing bench ' || n || ' Ltd', 'billing' || n || '@billing.example', tax_bp,
                   CASE WHEN approved OR NOT trialing THEN timestamptz '\(createdAt)' END, 'bench', '\(createdAt)'
            FROM \(table) WHERE bench_group = '\(group)' AND (tax_bp > 0 OR trialing)
            ON CONFLICT (tenant_id) DO NOTHING
            """,
            """
            INSERT INTO control.tenant_clocks (tenant_id, frozen_at, updated_at)
            SELECT tenant_id, '\(clock)', now() FROM \(table) WHERE bench_group = '\(group)'
            ON CONFLICT (tenant_id) DO UPDATE SET frozen_at = excluded.frozen_at
            """,
            """
            INSERT INTO control.billing_invoices (
                id, tenant_id, number, status, period_start, period_end, currency, subtotal, tax, total, tax_rate_basis_points,
                lines, usage, created_at, finalize_after, finalized_at, due_at, paid_at)
            SELECT gen_random_uuid(), tenant_id, 'BENCHOCT-' || \(group == "run" ? "" : "'\(group)-' || ")lpad(n::text, 6, '0'),
                   CASE WHEN overdue THEN 'open' ELSE 'paid' END, '2026-10-01T00:00:00Z', '\(periodStart)', 'USD',
                   base_fee, 0, base_fee, 0, '[]',
                   jsonb_build_object('usageFrom', '2026-10-01T00:00:00Z', 'usageTo', '\(periodStart)', 'plan', kind, 'version', 1, 'peaks', '{}'::jsonb),
                   '\(periodStart)', '2026-11-01T01:00:00Z', '2026-11-01T01:00:00Z', '2026-11-15T01:00:00Z',
                   CASE WHEN overdue THEN NULL ELSE timestamptz '2026-11-02T00:00:00Z' END
            FROM \(table) JOIN control.billing_plan_versions v ON v.plan = kind AND v.version = 1
            WHERE bench_group = '\(group)' AND (late OR overdue)
            """,
        ]
    }
}
