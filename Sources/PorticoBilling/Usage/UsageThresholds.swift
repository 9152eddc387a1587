import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Announces `usage.threshold_reached` when a tenant's usage in its open period reaches 80% and
/// 100% of what its plan version includes, once per threshold and period: one set-based statement
/// over every subscription's period totals records the crossings, and the same transaction writes
/// their webhook events. Summed meters only: a gauge's samples (entities) add up to no quantity.
struct UsageThresholds: Sendable {
    static let percents = [80, 100]

    let database: Database

    struct Crossing: Encodable, Sendable {
        let tenantId: TenantID
        let meter: String
        let percent: Int
        let quantity: Int64
        let included: Int64
        let periodStart: Date
        let reachedAt: Date
    }

    @discardableResult
    func check(at now: Date = Date()) async throws -> [Crossing] {
        try await database.withTransaction { connection in
            var crossings: [Crossing] = []
            for try await row in try await connection.checkedQuery("""
                WITH open_periods AS (
                    SELECT s.tenant_id, s.period_start, s.plan, s.plan_version, coalesce(c.frozen_at, \(now)::timestamptz) AS tenant_now
                    FROM control.billing_subscriptions s LEFT JOIN control.tenant_clocks c ON c.tenant_id = s.tenant_id
                    WHERE s.status <> 'canceled'
                ), included AS (
                    SELECT v.plan, v.version, m->>'meter' AS meter, (m->>'included')::bigint AS included
                    FROM control.billing_plan_versions v, jsonb_array_elements(v.meters) m
                    WHERE (m->>'included')::bigint > 0 AND m->>'meter' <> \(BillingMeters.catalogEntities.name)
                ), used AS (
                    SELECT p.tenant_id, p.period_start, p.tenant_now, t.meter, i.included, sum(t.quantity)::bigint AS quantity
                    FROM open_periods p
                    JOIN included i ON i.plan = p.plan AND i.version = p.plan_version
                    JOIN control.usage_totals t ON t.tenant_id = p.tenant_id AND t.meter = i.meter
                         AND t.day >= (p.period_start AT TIME ZONE 'UTC')::date
                    GROUP BY 1, 2, 3, 4, 5
                )
                INSERT INTO control.billing_threshold_notices (tenant_id, period_start, meter, percent, quantity, included, reached_at)
                SELECT u.tenant_id, u.period_start, u.meter, pct, u.quantity, u.included, u.tenant_now
                FROM used u, unnest(\(Self.percents)::int[]) AS pct
                WHERE u.quantity * 100 >= u.included * pct
                ON CONFLICT DO NOTHING
                RETURNING tenant_id, meter, percent, quantity, included, period_start, reached_at
                """, logger: database.logger).decode((UUID, String, Int, Int64, Int64, Date, Date).self) {
                crossings.append(Crossing(
                    tenantId: TenantID(row.0), meter: row.1, percent: row.2, quantity: row.3, included: row.4, periodStart: row.5, reachedAt: row.6))
            }
            for crossing in crossings {
                try await WebhookOutbox.publish(
                    .usageThresholdReached, data: crossing, tenant: crossing.tenantId, at: crossing.reachedAt, on: connection,
                    logger: database.logger)
            }
            return crossings
        }
    }
}
