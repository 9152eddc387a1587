import Foundation

/// A stretch of time a tenant was on one plan version; a trial stretch costs nothing.
struct PlanSpan: Sendable, Equatable {
    let start: Date
    let end: Date
    let price: PlanPrice
    let trial: Bool
}

/// Usage of an earlier, already invoiced period that arrived after its invoice: billed as the
/// charge for `currentQuantity` less the charge for `billedQuantity`, both under that period's
/// own `price`.
struct UsageAdjustment: Sendable, Equatable {
    let period: BillingPeriod
    let meter: String
    let billedQuantity: Int64
    let currentQuantity: Int64
    let price: PlanPrice
}

/// Everything one invoice is computed from.
struct InvoiceInput: Sendable {
    /// The full calendar month, also when a cancellation at once ended the subscription within
    /// it: the cancellation is the end of the last span, and base fees prorate over the month.
    let period: BillingPeriod
    /// The plan versions the tenant was on, in any order; they may reach beyond `period` (the
    /// calculator clips them to it) but must not overlap.
    let spans: [PlanSpan]
    /// The period's quantity per meter.
    let usage: [String: Int64]
    /// The plan version in effect at the period's end, which prices all of its usage.
    let usagePrice: PlanPrice
    let adjustments: [UsageAdjustment]
    let taxRateBasisPoints: Int
}
