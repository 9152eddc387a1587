import Foundation
import Logging
import PorticoCore
import PostgresNIO

/// Money given back against a paid invoice, in its currency's minor units.
struct CreditNote: Codable, Sendable, Equatable {
    let id: UUID
    let tenantId: TenantID
    let invoiceId: UUID
    let number: String
    let currency: String
    let amount: Int64
    let reason: String
    let createdAt: Date
    let createdBy: String
}

/// `control.billing_credit_notes`.
enum CreditNoteStore {
    static func insert(_ note: CreditNote, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.checkedQuery("""
            INSERT INTO control.billing_credit_notes (id, tenant_id, invoice_id, number, amount, reason, created_at, created_by)
            VALUES (\(note.id), \(note.tenantId.uuid), \(note.invoiceId), \(note.number), \(note.amount), \(note.reason), \(note.createdAt), \(note.createdBy))
            """, logger: logger)
    }

    static func credited(_ invoice: UUID, on connection: PostgresConnection, logger: Logger) async throws -> Int64 {
        for try await sum in try await connection.checkedQuery("""
            SELECT coalesce(sum(amount), 0)::bigint FROM control.billing_credit_notes WHERE invoice_id = \(invoice)
            """, logger: logger).decode(Int64.self) {
            return sum
        }
        return 0
    }

    static func notes(of invoice: UUID, on connection: PostgresConnection, logger: Logger) async throws -> [CreditNote] {
        var notes: [CreditNote] = []
        for try await row in try await connection.checkedQuery("""
            SELECT n.id, n.tenant_id, n.invoice_id, n.number, i.currency, n.amount, n.reason, n.created_at, n.created_by
            FROM control.billing_credit_notes n JOIN control.billing_invoices i ON i.id = n.invoice_id
            WHERE n.invoice_id = \(invoice) ORDER BY n.created_at
            """, logger: logger).decode((UUID, UUID, UUID, String, String, Int64, String, Date, String).self) {
            notes.append(CreditNote(
                id: row.0, tenantId: TenantID(row.1), invoiceId: row.2, number: row.3, currency: row.4, amount: row.5,
                reason: row.6, createdAt: row.7, createdBy: row.8))
        }
        return notes
    }
}
