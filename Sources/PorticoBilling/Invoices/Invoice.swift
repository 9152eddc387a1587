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

/// An invoice as tenants and operators read it.
struct InvoiceView: Encodable, Sendable {
    let id: UUID
    let tenantId: TenantID
    let number: String?
    let status: InvoiceStatus
    let periodStart: Date
    let periodEnd: Date
    let currency: String
    let subtotal: Int64
    let tax: Int64
    let total: Int64
    let taxRateBasisPoints: Int
    let lines: [InvoiceLine]
    let createdAt: Date
    let finalizeAfter: Date
    let finalizedAt: Date?
    let dueAt: Date?
    let paidAt: Date?

    init(_ invoice: Invoice) {
        id = invoice.id
        tenantId = invoice.tenant
        number = invoice.number
        status = invoice.status
        periodStart = invoice.periodStart
        periodEnd = invoice.periodEnd
        currency = invoice.currency
        subtotal = invoice.subtotal
        tax = invoice.tax
        total = invoice.total
        taxRateBasisPoints = invoice.taxRateBasisPoints
        lines = invoice.lines
        createdAt = invoice.createdAt
        finalizeAfter = invoice.finalizeAfter
        finalizedAt = invoice.finalizedAt
        dueAt = invoice.dueAt
        paidAt = invoice.paidAt
    }
}
