import Foundation

/// One line of an invoice, as stored in the invoice's `lines`.
struct InvoiceLine: Codable, Sendable, Equatable {
    enum Kind: String, Codable, Sendable {
        /// A plan version's base fee for a span of the period.
        case base
        /// One tier of a meter's usage in the period, or its quantity within the included amount.
        case usage
        /// Late usage of an earlier period.
        case adjustment
    }

    let description: String
    let meter: String?
    /// 1 for a base fee, the units of the tier for usage, the late units for an adjustment.
    let quantity: Int64
    /// Minor units: the full monthly base fee, or the tier's amount per unit size (for an
    /// adjustment, the tier its current quantity reached; 0 within the included amount).
    let unitAmount: Int64
    let amount: Int64
    let kind: Kind
    let periodStart: Date
    let periodEnd: Date
}
