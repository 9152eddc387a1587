import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// `GET /v1/billing/usage`: the open period's usage so far and the invoice it would make if the
/// period ended now, read live from the daily totals (the same composition the billing run uses).
struct UsageOverview: Encodable, Sendable {
    struct Period: Encodable, Sendable {
        let start: Date
        let end: Date
    }

    struct MeterUsage: Encodable, Sendable {
        let meter: String
        let quantity: Int64
        /// The largest sample (entities in the catalog) or record.
        let peak: Int64
        /// What the plan includes before it charges.
        let included: Int64?
    }

    struct UpcomingInvoice: Encodable, Sendable {
        let periodStart: Date
        let periodEnd: Date
        let currency: String
        let subtotal: Int64
        let tax: Int64
        let total: Int64
        let lines: [InvoiceLine]
    }

    let period: Period
    let asOf: Date
    let plan: String
    let planVersion: Int
    let status: SubscriptionStatus
    let meters: [MeterUsage]
    let upcomingInvoice: UpcomingInvoice

    /// Composes it for `subscription` at the tenant's `now`.
    static func compose(
        _ subscription: Subscription, now: Date, meters: [Meter], composer: InvoiceComposer, on connection: PostgresConnection, logger: Logger
    ) async throws -> UsageOverview {
        let end = subscription.periodEnd
        let composed = try await composer.compose(subscription, from: subscription.periodStart, to: max(end, subscription.periodStart), now: now, on: connection, logger: logger)
        let price = try await composer.prices.price(subscription.plan, version: subscription.planVersion, on: connection)
        let included = Dictionary(price.meters.map { ($0.meter, $0.included) }, uniquingKeysWith: { a, _ in a })
        let names = Set(meters.map(\.name)).union(composed.usage.quantities.keys).union(included.keys).sorted()
        return UsageOverview(
            period: Period(start: subscription.periodStart, end: end), asOf: now, plan: subscription.plan.id,
            planVersion: subscription.planVersion, status: subscription.status,
            meters: names.map { MeterUsage(meter: $0, quantity: composed.usage.quantities[$0] ?? 0, peak: composed.usage.peaks[$0] ?? 0, included: included[$0]) },
            upcomingInvoice: UpcomingInvoice(
                periodStart: subscription.periodStart, periodEnd: end, currency: composed.draft.currency.code,
                subtotal: composed.draft.subtotal, tax: composed.draft.tax, total: composed.draft.total, lines: composed.draft.lines))
    }
}
