import Foundation
@testable import PorticoBilling

/// Dates and price book entries the billing tests share; the plans mirror the price book's
/// migration (`Migrations/control/billing/0001_billing.sql`).
enum BillingFixtures {
    /// `2026-11-15T12:00:00Z` as a date; traps on a typo, which only a test could make.
    static func utc(_ text: String) -> Date {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        guard let date = formatter.date(from: text) else { fatalError("not an ISO 8601 date: \(text)") }
        return date
    }

    static let usd = try! Currency(code: "USD")

    static let team = PlanPrice(plan: "team", version: 1, currency: usd, baseFee: 49_900, meters: [
        MeterPrice(meter: "api.requests", included: 5_000_000, unitSize: 100_000, tiers: [.init(upTo: nil, unitAmount: 20)]),
        MeterPrice(meter: "seats", included: 25, unitSize: 1, tiers: [.init(upTo: nil, unitAmount: 1_500)]),
        MeterPrice(meter: "insights.events", included: 2_000_000, unitSize: 10_000,
                   tiers: [.init(upTo: 10_000_000, unitAmount: 5), .init(upTo: nil, unitAmount: 3)]),
        MeterPrice(meter: "catalog.entities", included: 5_000, unitSize: 100, tiers: [.init(upTo: nil, unitAmount: 10)]),
    ])

    static let enterprise = PlanPrice(plan: "enterprise", version: 1, currency: usd, baseFee: 249_900, meters: [
        MeterPrice(meter: "api.requests", included: 50_000_000, unitSize: 100_000, tiers: [.init(upTo: nil, unitAmount: 15)]),
        MeterPrice(meter: "seats", included: 250, unitSize: 1,
                   tiers: [.init(upTo: 1_000, unitAmount: 1_200), .init(upTo: nil, unitAmount: 900)]),
    ])
}
