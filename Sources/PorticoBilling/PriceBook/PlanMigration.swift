import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore
import PostgresNIO

/// Moves the subscriptions of a plan onto one of its versions (the newest by default), in bulk:
/// each moves at its tenant's clock time, so the old prices apply to the period until then and
/// the new ones after (a new plan span). A dry run says which would move and changes nothing.
struct PlanMigration: Sendable {
    let database: Database
    let prices: PriceBookStore
    let audit: any AuditTrail

    struct Report: Encodable, Sendable {
        let plan: String
        let toVersion: Int
        let dryRun: Bool
        let subscriptions: Int
        /// The tenants moved (or that would be), with the version each was on.
        let tenants: [Moved]

        struct Moved: Encodable, Sendable {
            let tenantId: TenantID
            let fromVersion: Int
        }
    }

    func migrate(_ plan: PlanID, to version: Int?, dryRun: Bool, by actor: AuthenticatedOperator) async throws -> Report {
        let target: PlanPrice
        if let version {
            do { target = try await prices.price(plan, version: version) } catch is PricingError {
                throw PorticoError.notFound("Plan '\(plan)' has no version \(version).")
            }
        } else {
            guard let newest = try await prices.latest()[plan] else { throw PorticoError.notFound("Plan '\(plan)' has no prices.") }
            target = newest
        }
        var moved: [Report.Moved] = []
        for try await (id, from) in try await database.query("""
            SELECT tenant_id, plan_version FROM control.billing_subscriptions
            WHERE plan = \(plan.id) AND plan_version <> \(target.version) AND status <> 'canceled'
            ORDER BY tenant_id
            """).decode((UUID, Int).self) {
            moved.append(.init(tenantId: TenantID(id), fromVersion: from))
        }
        if !dryRun {
            for batch in stride(from: 0, to: moved.count, by: 500).map({ Array(moved[$0..<min($0 + 500, moved.count)]) }) {
                try await database.withTransaction { connection in
                    let clocks = try await TenantClocks.nows(of: batch.map(\.tenantId), on: connection, logger: database.logger)
                    for tenant in batch.map(\.tenantId) {
                        guard var subscription = try await SubscriptionStore.find(tenant, locking: .wait, on: connection, logger: database.logger),
                              subscription.plan == plan, subscription.status != .canceled
                        else { continue }
                        let now = clocks[tenant] ?? Date()
                        try await PlanSpanStore.switchTo(
                            plan, version: target.version, trial: subscription.status == .trialing, at: now, tenant: tenant,
                            on: connection, logger: database.logger)
                        subscription.planVersion = target.version
                        subscription.updatedAt = now
                        try await SubscriptionStore.update(subscription, on: connection, logger: database.logger)
                        try await WebhookOutbox.publish(
                            .subscriptionUpdated, data: SubscriptionView(subscription), tenant: tenant, at: now, on: connection, logger: database.logger)
                    }
                }
            }
        }
        if !dryRun {
            try await database.withTransaction { connection in
                try await audit.record(
                    "billing.plan.migrate", target: "plan:\(plan)", detail: ["toVersion": String(target.version), "subscriptions": String(moved.count)],
                    by: actor, on: connection, logger: database.logger)
            }
        }
        return Report(plan: plan.id, toVersion: target.version, dryRun: dryRun, subscriptions: moved.count, tenants: moved)
    }
}
