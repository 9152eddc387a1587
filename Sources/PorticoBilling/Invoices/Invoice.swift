import Foundation
import PorticoCore

public enum InvoiceStatus: String, Codable, Sendable {
    /// Still taking late usage in, until `finalizeAfter`.
    case draft
    /// Finalized and numbered, awaiting payment.
    case open
    case paid
    case void
    case uncollectible
}

/// What an invoice was computed from, kept with it: the usage days and the plan version that
/// priced them, so late usage for its period is billed later as the difference.
struct InvoiceBasis: Codable, Sendable, Equatable {
    /// The first instant whose day's usage was billed (nil: the whole period was a trial).
    let usageFrom: Date?
    let usageTo: Date
    let plan: String
    let version: Int
    let peaks: [String: Int64]
}

/// One invoice: a period of one tenant, exactly once. Amounts in the currency's minor units.
struct Invoice: Sendable, Equatable {
    let id: UUID
    let tenant: TenantID
    var number: String?
    var status: InvoiceStatus
    let periodStart: Date
    let periodEnd: Date
    var currency: String
    var subtotal: Int64
    var tax: Int64
    var total: Int64
    var taxRateBasisPoints: Int
    var lines: [InvoiceLine]
    var basis: InvoiceBasis
    let createdAt: Date
    let finalizeAfter: Date
    var finalizedAt: Date?
    var dueAt: Date?
    var paidAt: Date?
    var closedAt: Date?
}

extension Invoice {
    /// A period's new draft, as composed.
    static func draft(
        of tenant: TenantID, from start: Date, to end: Date, _ composed: InvoiceComposer.Composed, createdAt: Date, finalizeAfter: Date
    ) -> Invoice {
        var invoice = Invoice(
            id: UUID(), tenant: tenant, number: nil, status: .draft, periodStart: start, periodEnd: end, currency: "", subtotal: 0, tax: 0,
            total: 0, taxRateBasisPoints: 0, lines: [], basis: composed.basis, createdAt: createdAt, finalizeAfter: finalizeAfter,
            finalizedAt: nil, dueAt: nil, paidAt: nil, closedAt: nil)
        invoice.take(composed)
        return invoice
    }

    /// Takes the amounts, lines and basis of a (re)composition.
    mutating func take(_ composed: InvoiceComposer.Composed) {
        currency = composed.draft.currency.code
        lines = composed.draft.lines
        subtotal = composed.draft.subtotal
        tax = composed.draft.tax
        total = composed.draft.total
        taxRateBasisPoints = composed.taxRateBasisPoints
        basis = composed.basis
    }
}

/// An invoice as tenants and operators read it: everything but what it was computed from.
extension Invoice: Encodable {
    enum CodingKeys: String, CodingKey {
        case id, tenantId, number, status, periodStart, periodEnd, currency, subtotal, tax, total, taxRateBasisPoints, lines
        case createdAt, finalizeAfter, finalizedAt, dueAt, paidAt
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(tenant, forKey: .tenantId)
        try container.encodeIfPresent(number, forKey: .number)
        try container.encode(status, forKey: .status)
        try container.encode(periodStart, forKey: .periodStart)
        try container.encode(periodEnd, forKey: .periodEnd)
        try container.encode(currency, forKey: .currency)
        try container.encode(subtotal, forKey: .subtotal)
        try container.encode(tax, forKey: .tax)
        try container.encode(total, forKey: .total)
        try container.encode(taxRateBasisPoints, forKey: .taxRateBasisPoints)
        try container.encode(lines, forKey: .lines)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(finalizeAfter, forKey: .finalizeAfter)
        try container.encodeIfPresent(finalizedAt, forKey: .finalizedAt)
        try container.encodeIfPresent(dueAt, forKey: .dueAt)
        try container.encodeIfPresent(paidAt, forKey: .paidAt)
    }
}
