import Foundation
import PorticoCore

/// Where payment of a finalized invoice is asked for. No payment processor is reachable from
/// here, so the one provider is manual: invoices stay open until an operator marks them paid
/// (`portico admin billing invoices mark-paid`). A processor (Stripe, Adyen, a bank's direct
/// debit) plugs in here: it is asked once per finalized invoice, after the finalization committed.
public protocol PaymentProvider: Sendable {
    func collect(_ request: PaymentRequest) async throws -> PaymentOutcome
}

public struct PaymentRequest: Sendable {
    public let invoiceID: UUID
    public let tenant: TenantID
    public let number: String
    public let currency: String
    public let amount: Int64
}

public enum PaymentOutcome: Sendable, Equatable {
    /// Paid at once (a stored card charged): the invoice is marked paid.
    case paid(reference: String)
    /// Payment will come later, or not: the invoice stays open until its due date, then dunning.
    case pending
}

/// Invoices are paid by bank transfer and marked paid by an operator.
public struct ManualPayments: PaymentProvider {
    public init() {}

    public func collect(_ request: PaymentRequest) async throws -> PaymentOutcome { .pending }
}
