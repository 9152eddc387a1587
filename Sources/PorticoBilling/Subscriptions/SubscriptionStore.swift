import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// `control.billing_subscriptions` and the plan spans base fees are prorated over.
enum SubscriptionStore {
    static let columns = """
        tenant_id, plan, plan_version, status, period_start, trial_ends_at, cancel_at_period_end,
        scheduled_plan, scheduled_version, canceled_at, past_due_since, created_at, updated_at
        """

    typealias Row = (UUID, String, Int, String, Date, Date?, Bool, String?, Int?, Date?, Date?, Date, Date)

    static func decode(_ rows: PostgresRowSequence) async throws -> [Subscription] {
        var subscriptions: [Subscription] = []
        for try await row in rows.decode(Row.self) {
            subscriptions.append(Subscription(
                tenant: TenantID(row.0), plan: PlanID(row.1), planVersion: row.2,
                status: SubscriptionStatus(rawValue: row.3) ?? .active, periodStart: row.4, trialEndsAt: row.5,
                cancelAtPeriodEnd: row.6, scheduledPlan: row.7.map { PlanID($0) }, scheduledVersion: row.8,
                canceledAt: row.9, pastDueSince: row.10, createdAt: row.11, updatedAt: row.12))
        }
        return subscriptions
    }

    enum RowLock {
        case none
        /// Waits for another transaction's lock (a tenant's own change).
        case wait
        /// Passes over a row another transaction holds (a billing run: the other runner has it).
        case skipLocked

        var clause: String {
            switch self {
            case .none: ""
            case .wait: "FOR UPDATE"
            case .skipLocked: "FOR UPDATE SKIP LOCKED"
            }
        }
    }

    /// The tenant's subscription, locked for the caller's transaction as `locking` says.
    static func find(_ tenant: TenantID, locking: RowLock, on connection: PostgresConnection, logger: Logger) async throws -> Subscription? {
        try await decode(try await connection.checkedQuery("""
            SELECT \(unescaped: columns) FROM control.billing_subscriptions WHERE tenant_id = \(tenant.uuid)
            \(unescaped: locking.clause)
            """, logger: logger)).first
    }

    static func insert(_ subscription: Subscription, on connection: PostgresConnection, logger: Logger) async throws {
        let s = subscription
        try await connection.checkedQuery("""
            INSERT INTO control.billing_subscriptions (\(unescaped: columns))
            VALUES (\(s.tenant.uuid), \(s.plan.id), \(s.planVersion), \(s.status.rawValue), \(s.periodStart), \(s.trialEndsAt),
                    \(s.cancelAtPeriodEnd), \(s.scheduledPlan?.id), \(s.scheduledVersion), \(s.canceledAt), \(s.pastDueSince),
                    \(s.createdAt), \(s.updatedAt))
            ON CONFLICT (tenant_id) DO NOTHING
            """, logger: logger)
    }

    static func update(_ subscription: Subscription, on connection: PostgresConnection, logger: Logger) async throws {
        let s = subscription
        try await connection.checkedQuery("""
            UPDATE control.billing_subscriptions
            SET plan = \(s.plan.id), plan_version = \(s.planVersion), status = \(s.status.rawValue), period_start = \(s.periodStart),
                trial_ends_at = \(s.trialEndsAt), cancel_at_period_end = \(s.cancelAtPeriodEnd),
                scheduled_plan = \(s.scheduledPlan?.id), scheduled_version = \(s.scheduledVersion), canceled_at = \(s.canceledAt),
                past_due_since = \(s.pastDueSince), updated_at = \(s.updatedAt)
            WHERE tenant_id = \(s.tenant.uuid)
            """, logger: logger)
    }

    /// Tenants with a subscription, for reconciliation against the tenants' own plans.
    static func plans(of tenants: [TenantID], on connection: PostgresConnection, logger: Logger) async throws -> [TenantID: (plan: PlanID, status: SubscriptionStatus)] {
        var plans: [TenantID: (plan: PlanID, status: SubscriptionStatus)] = [:]
        for try await (id, plan, status) in try await connection.checkedQuery("""
            SELECT tenant_id, plan, status FROM control.billing_subscriptions WHERE tenant_id = ANY(\(tenants.map(\.uuid)))
            """, logger: logger).decode((UUID, String, String).self) {
            plans[TenantID(id)] = (PlanID(plan), SubscriptionStatus(rawValue: status) ?? .active)
        }
        return plans
    }
}
