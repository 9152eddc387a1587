import Foundation
import Logging
import PorticoCore
import PostgresNIO

/// `control.billing_invoices`, and the quantities billed per period (`billing_billed_usage`).
enum InvoiceStore {
    static let columns = """
        id, tenant_id, number, status, period_start, period_end, currency, subtotal, tax, total, tax_rate_basis_points,
        lines::text, usage::text, created_at, finalize_after, finalized_at, due_at, paid_at, closed_at
        """

    static func decode(_ rows: PostgresRowSequence) async throws -> [Invoice] {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        var invoices: [Invoice] = []
        for try await row in rows.decode(
            (UUID, UUID, String?, String, Date, Date, String, Int64, Int64, Int64, Int, String, String, Date, Date, Date?, Date?, Date?, Date?).self
        ) {
            invoices.append(Invoice(
                id: row.0, tenant: TenantID(row.1), number: row.2, status: InvoiceStatus(rawValue: row.3) ?? .draft,
                periodStart: row.4, periodEnd: row.5, currency: row.6, subtotal: row.7, tax: row.8, total: row.9,
                taxRateBasisPoints: row.10, lines: try decoder.decode([InvoiceLine].self, from: Data(row.11.utf8)),
                basis: try decoder.decode(InvoiceBasis.self, from: Data(row.12.utf8)), createdAt: row.13,
                finalizeAfter: row.14, finalizedAt: row.15, dueAt: row.16, paidAt: row.17, closedAt: row.18))
        }
        return invoices
    }

    static func encode(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    /// Inserts the period's invoice unless it has one; true when this call made it.
    static func insert(_ invoice: Invoice, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let i = invoice
        let rows = try await connection.checkedQuery("""
            INSERT INTO control.billing_invoices (\(unescaped: columns.replacingOccurrences(of: "::text", with: "")))
            VALUES (\(i.id), \(i.tenant.uuid), \(i.number), \(i.status.rawValue), \(i.periodStart), \(i.periodEnd), \(i.currency),
                    \(i.subtotal), \(i.tax), \(i.total), \(i.taxRateBasisPoints), \(try encode(i.lines))::jsonb, \(try encode(i.basis))::jsonb,
                    \(i.createdAt), \(i.finalizeAfter), \(i.finalizedAt), \(i.dueAt), \(i.paidAt), \(i.closedAt))
            ON CONFLICT (tenant_id, period_start) DO NOTHING
            RETURNING id
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    static func update(_ invoice: Invoice, on connection: PostgresConnection, logger: Logger) async throws {
        let i = invoice
        try await connection.checkedQuery("""
            UPDATE control.billing_invoices
            SET number = \(i.number), status = \(i.status.rawValue), currency = \(i.currency), subtotal = \(i.subtotal), tax = \(i.tax),
                total = \(i.total), tax_rate_basis_points = \(i.taxRateBasisPoints), lines = \(try encode(i.lines))::jsonb,
                usage = \(try encode(i.basis))::jsonb, finalized_at = \(i.finalizedAt), due_at = \(i.dueAt), paid_at = \(i.paidAt),
                closed_at = \(i.closedAt)
            WHERE id = \(i.id)
            """, logger: logger)
    }

    /// Writes the number a finalized invoice was given (the rest was written when it was finalized).
    static func setNumber(of invoice: Invoice, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.checkedQuery(
            "UPDATE control.billing_invoices SET number = \(invoice.number) WHERE id = \(invoice.id)", logger: logger)
    }

    static func find(_ id: UUID, tenant: TenantID?, locking: Bool = false, on connection: PostgresConnection, logger: Logger) async throws -> Invoice? {
        try await decode(try await connection.checkedQuery("""
            SELECT \(unescaped: columns) FROM control.billing_invoices
            WHERE id = \(id) AND (\(tenant?.uuid)::uuid IS NULL OR tenant_id = \(tenant?.uuid))
            \(unescaped: locking ? "FOR UPDATE" : "")
            """, logger: logger)).first
    }

    /// A tenant's invoices (every tenant's when nil), newest period first.
    static func list(
        tenant: TenantID?, status: InvoiceStatus?, limit: Int, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Invoice] {
        try await decode(try await connection.checkedQuery("""
            SELECT \(unescaped: columns) FROM control.billing_invoices
            WHERE (\(tenant?.uuid)::uuid IS NULL OR tenant_id = \(tenant?.uuid))
              AND (\(status?.rawValue)::text IS NULL OR status = \(status?.rawValue))
            ORDER BY period_start DESC, created_at DESC LIMIT \(limit)
            """, logger: logger))
    }

    /// The tenant's finalized invoices whose period ended after `since`, earlier than `before`:
    /// the periods late usage may still change.
    static func finalizedRecently(
        tenant: TenantID, endedAfter since: Date, startedBefore before: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> [Invoice] {
        try await decode(try await connection.checkedQuery("""
            SELECT \(unescaped: columns) FROM control.billing_invoices
            WHERE tenant_id = \(tenant.uuid) AND status IN ('open', 'paid', 'uncollectible')
              AND period_end > \(since) AND period_start < \(before)
            ORDER BY period_start
            """, logger: logger))
    }

    /// The tenant's drafts whose grace ended by `now`, oldest period first, locked.
    static func drafts(of tenant: TenantID, finalizableAt now: Date, on connection: PostgresConnection, logger: Logger) async throws -> [Invoice] {
        try await decode(try await connection.checkedQuery("""
            SELECT \(unescaped: columns) FROM control.billing_invoices
            WHERE tenant_id = \(tenant.uuid) AND status = 'draft' AND finalize_after <= \(now)
            ORDER BY period_start FOR UPDATE
            """, logger: logger))
    }

    /// When the tenant's oldest invoice still unpaid at `now` fell due, if one did.
    static func oldestOverdue(of tenant: TenantID, at now: Date, on connection: PostgresConnection, logger: Logger) async throws -> Date? {
        for try await due in try await connection.checkedQuery("""
            SELECT min(due_at) FROM control.billing_invoices WHERE tenant_id = \(tenant.uuid) AND status = 'open' AND due_at <= \(now)
            """, logger: logger).decode(Date?.self) {
            return due
        }
        return nil
    }

    static func billedUsage(tenant: TenantID, periodStart: Date, on connection: PostgresConnection, logger: Logger) async throws -> [String: Int64] {
        var billed: [String: Int64] = [:]
        for try await (meter, quantity) in try await connection.checkedQuery("""
            SELECT meter, quantity FROM control.billing_billed_usage WHERE tenant_id = \(tenant.uuid) AND period_start = \(periodStart)
            """, logger: logger).decode((String, Int64).self) {
            billed[meter] = quantity
        }
        return billed
    }

    /// Records that `quantities` of the period starting `periodStart` are now billed.
    static func recordBilled(
        _ quantities: [String: Int64], tenant: TenantID, periodStart: Date, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !quantities.isEmpty else { return }
        let meters = quantities.keys.sorted()
        try await connection.checkedQuery("""
            INSERT INTO control.billing_billed_usage (tenant_id, period_start, meter, quantity)
            SELECT \(tenant.uuid), \(periodStart), meter, quantity FROM unnest(\(meters), \(meters.map { quantities[$0]! })) AS b(meter, quantity)
            ON CONFLICT (tenant_id, period_start, meter) DO UPDATE SET quantity = excluded.quantity
            """, logger: logger)
    }
}
