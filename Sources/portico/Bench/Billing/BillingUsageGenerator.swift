import Foundation

/// A month of usage for the fleet's tenants, as set-based SQL: the records the gateway and the
/// modules would have reported (spread evenly over the span, with jitter), then their daily totals
/// by the same grouping the ledger's statement maintains. Billing reads only the totals; the
/// records are there so the tables have their real size beside them.
struct BillingUsageGenerator {
    /// `api.requests` records in an enterprise tenant's month (a team has a quarter, a free
    /// tenant a fortieth): the gateway's one-second flushes, per route group, of a busy tenant.
    let requestRecords: Int

    /// One meter: records per free/team/enterprise tenant, the dimension, and the mean quantity
    /// per record per kind (uniform from 1 to twice it), or a gauge's quantity expression.
    private struct MeterShape {
        let meter: String
        let records: (free: Int, team: Int, enterprise: Int)
        let dimension: String
        let quantity: String
    }

    private func meters(hours: Int) -> [MeterShape] {
        let r = requestRecords
        func uniform(_ free: Int, _ team: Int, _ enterprise: Int) -> String {
            "(1 + random() * 2 * CASE f.kind WHEN 'free' THEN \(free) WHEN 'team' THEN \(team) ELSE \(enterprise) END)::bigint"
        }
        return [
            MeterShape(
                meter: "api.requests", records: (r / 40, r / 4, r), dimension: "(ARRAY['catalog', 'insights', 'aika', 'platform'])[1 + g.i % 4]",
                quantity: uniform(40, 3_400, 12_000)),
            MeterShape(meter: "insights.events", records: (r / 200, r / 20, r / 4), dimension: "''", quantity: uniform(50, 7_000, 30_000)),
            MeterShape(meter: "aika.questions", records: (0, r / 40, r / 8), dimension: "''", quantity: uniform(1, 4, 25)),
            MeterShape(meter: "aika.tokens", records: (0, r / 40, r / 8), dimension: "''", quantity: uniform(1, 4_000, 40_000)),
            // One record per distinct user or key and month; enterprise tenants send Insights events.
            MeterShape(
                meter: "seats", records: (2, 30, 300), dimension: "CASE WHEN f.kind = 'enterprise' AND g.i % 3 > 0 THEN 'insights' ELSE 'keys' END",
                quantity: "1"),
            // Hourly samples of the catalog's size, growing over the month.
            MeterShape(
                meter: "catalog.entities", records: (hours, hours, hours), dimension: "''",
                quantity: "(CASE f.kind WHEN 'free' THEN 40 WHEN 'team' THEN 4000 ELSE 45000 END * (0.9 + 0.3 * g.i / \(hours)))::bigint"),
        ]
    }

    /// The statements that write `group`'s records from `from` to `to`, then its daily totals.
    func statements(group: String, from: String, to: String, hours: Int) -> [String] {
        let fleet = "\(BillingFleet.table) f"
        var statements = meters(hours: hours).map { shape in
            """
            INSERT INTO control.usage_records (tenant_id, meter, idempotency_key, dimension, quantity, occurred_at, recorded_at)
            SELECT f.tenant_id, '\(shape.meter)', '\(shape.meter):bench:' || g.i, \(shape.dimension), \(shape.quantity), t.at, t.at
            FROM \(fleet)
            CROSS JOIN LATERAL generate_series(1, CASE f.kind WHEN 'free' THEN \(shape.records.free) WHEN 'team' THEN \(shape.records.team)
                                                             ELSE \(shape.records.enterprise) END) AS g(i)
            CROSS JOIN LATERAL (
                SELECT timestamptz '\(from)' + ((g.i - random()) / CASE f.kind WHEN 'free' THEN \(shape.records.free)
                       WHEN 'team' THEN \(shape.records.team) ELSE \(shape.records.enterprise) END) * (timestamptz '\(to)' - timestamptz '\(from)') AS at
            ) AS t
            WHERE f.bench_group = '\(group)'
            """
        }
        // Late usage: October's last week of requests, of which October's invoice billed 80 %.
        statements.append("""
            INSERT INTO control.usage_records (tenant_id, meter, idempotency_key, dimension, quantity, occurred_at, recorded_at)
            SELECT f.tenant_id, 'api.requests', 'api.requests:late:' || g.i, 'catalog', \(meters(hours: hours)[0].quantity),
                   timestamptz '2026-10-25T00:00:00Z' + g.i * interval '1 hour', '2026-11-20T00:00:00Z'
            FROM \(fleet) CROSS JOIN generate_series(1, 150) AS g(i)
            WHERE f.bench_group = '\(group)' AND f.late
            """)
        statements.append("""
            INSERT INTO control.usage_totals (tenant_id, meter, dimension, day, quantity, peak, records)
            SELECT r.tenant_id, r.meter, r.dimension, (r.occurred_at AT TIME ZONE 'UTC')::date, sum(r.quantity), max(r.quantity), count(*)
            FROM control.usage_records r JOIN \(fleet) ON f.tenant_id = r.tenant_id AND f.bench_group = '\(group)'
            GROUP BY 1, 2, 3, 4
            """)
        statements.append("""
            INSERT INTO control.billing_billed_usage (tenant_id, period_start, meter, quantity)
            SELECT t.tenant_id, timestamptz '2026-10-01T00:00:00Z', t.meter, (sum(t.quantity) * 0.8)::bigint
            FROM control.usage_totals t JOIN \(fleet) ON f.tenant_id = t.tenant_id AND f.bench_group = '\(group)' AND f.late
            WHERE t.day < '2026-11-01'
            GROUP BY 1, 2, 3
            """)
        return statements
    }
}
