import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoSeam
import PorticoStore
import PostgresNIO

/// What operators (and a payment provider) do to finalized invoices: mark them paid — which
/// ends `past_due` and resumes a tenant billing suspended once nothing is overdue — void them,
/// write them off, and credit part of a paid one.
struct InvoiceActions: Sendable {
    let database: Database
    let accounts: any TenantAccounts
    let audit: any AuditTrail
    let issuer: String

    var logger: Logger { database.logger }

    /// - Parameter actor: the operator who marked it, audited; nil for the payment provider.
    func markPaid(_ id: UUID, note: String, by actor: AuthenticatedOperator?) async throws -> Invoice {
        try await database.withTransaction { connection in
            var invoice = try await lockedInvoice(id, allowed: [.open, .uncollectible], verb: "marked paid", on: connection)
            try await audited("billing.invoice.mark-paid", invoice, by: actor, on: connection)
            let now = try await tenantNow(invoice.tenant, on: connection)
            invoice.status = .paid
            invoice.paidAt = now
            invoice.closedAt = now
            try await InvoiceStore.update(invoice, on: connection, logger: logger)
            try await WebhookOutbox.publish(.invoicePaid, data: invoice, tenant: invoice.tenant, at: now, on: connection, logger: logger)
            try await settleDunning(of: invoice.tenant, at: now, on: connection)
            logger.info("invoice marked paid", metadata: ["invoice_id": "\(id)", "note": "\(note)"])
            return invoice
        }
    }

    func void(_ id: UUID, by actor: AuthenticatedOperator) async throws -> Invoice {
        try await close(id, as: .void, event: .invoiceVoided, by: actor)
    }

    func markUncollectible(_ id: UUID, by actor: AuthenticatedOperator) async throws -> Invoice {
        try await close(id, as: .uncollectible, event: .invoiceUncollectible, by: actor)
    }

    /// Void (a mistake: as if never issued) or uncollectible (written off) both end the dunning
    /// the invoice caused. Only a finalized invoice may be closed; its number stays taken.
    private func close(_ id: UUID, as status: InvoiceStatus, event: WebhookEventType, by actor: AuthenticatedOperator) async throws -> Invoice {
        try await database.withTransaction { connection in
            var invoice = try await lockedInvoice(id, allowed: [.open], verb: "marked \(status.rawValue)", on: connection)
            try await audited("billing.invoice.\(status == .void ? "void" : "mark-uncollectible")", invoice, by: actor, on: connection)
            let now = try await tenantNow(invoice.tenant, on: connection)
            invoice.status = status
            invoice.closedAt = now
            try await InvoiceStore.update(invoice, on: connection, logger: logger)
            try await WebhookOutbox.publish(event, data: invoice, tenant: invoice.tenant, at: now, on: connection, logger: logger)
            try await settleDunning(of: invoice.tenant, at: now, on: connection)
            return invoice
        }
    }

    /// A credit note against a paid invoice, numbered in its own series; the credits of one
    /// invoice never exceed its total.
    func creditNote(for id: UUID, amount: Int64, reason: String, by actor: AuthenticatedOperator) async throws -> CreditNote {
        guard amount > 0 else { throw PorticoError.validation("'amount' must be positive (minor units).", field: "amount") }
        return try await database.withTransaction { connection in
            let invoice = try await lockedInvoice(id, allowed: [.paid], verb: "credited", on: connection)
            let credited = try await CreditNoteStore.credited(invoice.id, on: connection, logger: logger)
            guard credited + amount <= invoice.total else {
                throw PorticoError.validation(
                    "The invoice's total is \(invoice.total) and \(credited) is credited already; at most \(invoice.total - credited) can be.", field: "amount")
            }
            let now = try await tenantNow(invoice.tenant, on: connection)
            let note = CreditNote(
                id: UUID(), tenantId: invoice.tenant, invoiceId: invoice.id,
                number: try await InvoiceNumbering.next(in: "\(issuer)-CN", on: connection, logger: logger),
                currency: invoice.currency, amount: amount, reason: reason, createdAt: now, createdBy: actor.name)
            try await CreditNoteStore.insert(note, on: connection, logger: logger)
            try await audit.record(
                "billing.credit-note.create", target: invoice.tenant.description,
                detail: ["invoice": invoice.number ?? id.uuidString.lowercased(), "creditNote": note.number, "amount": String(amount)],
                by: actor, on: connection, logger: logger)
            try await WebhookOutbox.publish(.creditNoteCreated, data: note, tenant: invoice.tenant, at: now, on: connection, logger: logger)
            return note
        }
    }

    private func lockedInvoice(_ id: UUID, allowed: Set<InvoiceStatus>, verb: String, on connection: PostgresConnection) async throws -> Invoice {
        guard let invoice = try await InvoiceStore.find(id, tenant: nil, locking: true, on: connection, logger: logger) else {
            throw PorticoError.notFound("No invoice \(id).")
        }
        guard allowed.contains(invoice.status) else {
            throw PorticoError.conflict(
                "invalid_invoice_state",
                "Invoice \(invoice.number ?? id.uuidString.lowercased()) is \(invoice.status.rawValue); only \(allowed.map(\.rawValue).sorted().joined(separator: " or ")) invoices can be \(verb).")
        }
        return invoice
    }

    private func audited(_ action: String, _ invoice: Invoice, by actor: AuthenticatedOperator?, on connection: PostgresConnection) async throws {
        guard let actor else { return }
        try await audit.record(
            action, target: invoice.tenant.description,
            detail: ["invoice": invoice.number ?? invoice.id.uuidString.lowercased()], by: actor, on: connection, logger: logger)
    }

    private func tenantNow(_ tenant: TenantID, on connection: PostgresConnection) async throws -> Date {
        try await TenantClocks.nows(of: [tenant], on: connection, logger: logger)[tenant] ?? Date()
    }

    /// Once nothing of the tenant is overdue, `past_due` ends and a billing suspension is lifted.
    private func settleDunning(of tenant: TenantID, at now: Date, on connection: PostgresConnection) async throws {
        guard try await InvoiceStore.oldestOverdue(of: tenant, at: now, on: connection, logger: logger) == nil,
              var subscription = try await SubscriptionStore.find(tenant, locking: .wait, on: connection, logger: logger),
              subscription.status == .pastDue
        else { return }
        subscription.status = .active
        subscription.pastDueSince = nil
        subscription.updatedAt = now
        try await SubscriptionStore.update(subscription, on: connection, logger: logger)
        try await WebhookOutbox.publish(.subscriptionUpdated, data: SubscriptionView(subscription), tenant: tenant, at: now, on: connection, logger: logger)
        if try await accounts.resume(tenant, suspendedFor: BillingPolicy.suspensionReason, on: connection, logger: logger) {
            try await WebhookOutbox.publish(
                .tenantResumed, data: TenantStatusEvent(tenantId: tenant, reason: "overdue invoices settled"), tenant: tenant, at: now,
                on: connection, logger: logger)
        }
    }
}
