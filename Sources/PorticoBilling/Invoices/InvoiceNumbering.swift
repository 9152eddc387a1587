import Logging
import PostgresNIO

/// Invoice and credit-note numbers, sequential per series without gaps: the counter row is
/// taken under its lock in the transaction that numbers the document, so a rolled-back
/// finalization gives its number back and two finalizations never share one.
enum InvoiceNumbering {
    static func next(in series: String, on connection: PostgresConnection, logger: Logger) async throws -> String {
        for try await number in try await connection.checkedQuery("""
            INSERT INTO control.billing_invoice_numbers AS n (issuer, next_number) VALUES (\(series), 2)
            ON CONFLICT (issuer) DO UPDATE SET next_number = n.next_number + 1
            RETURNING next_number - 1
            """, logger: logger).decode(Int64.self) {
            return "\(series)-\(String(repeating: "0", count: max(0, 6 - String(number).count)))\(number)"
        }
        preconditionFailure("an upsert with RETURNING returns its row")
    }
}
