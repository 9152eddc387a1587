import Foundation
import Logging
import PorticoGateway
import PorticoSeam
import PorticoStore
import PostgresNIO

/// Every admin action, with who did it, to what, and when.
public struct AuditEntry: Codable, Sendable {
    public let id: Int64
    public let operatorName: String
    public let action: String
    public let target: String
    /// The slug of the tenant `target` names, when it names one.
    public let targetSlug: String?
    public let detail: String
    public let at: Date
}

struct AuditLog: Sendable, AuditTrail {
    let database: Database

    func record(
        _ action: String, target: String, detail: [String: String], by actor: AuthenticatedOperator,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        try await Self.record(action, target: target, detail: detail, by: actor, on: connection, logger: logger)
    }

    static func record(
        _ action: String, target: String, detail: [String: String] = [:], by actor: AuthenticatedOperator,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        let json = String(decoding: try JSONEncoder().encode(detail), as: UTF8.self)
        try await connection.checkedQuery("""
            INSERT INTO control.audit_log (operator_id, operator_name, action, target, detail)
            VALUES (\(actor.id), \(actor.name), \(action), \(target), \(json)::jsonb)
            """, logger: logger)
    }

    /// - Parameter target: a target as recorded (a tenant id, `job:ID`) or a tenant's slug.
    func list(limit: Int, beforeID: Int64?, target: String?) async throws -> [AuditEntry] {
        let rows = try await database.query("""
            SELECT a.id, a.operator_name, a.action, a.target, t.slug, a.detail::text, a.at
            FROM control.audit_log a LEFT JOIN control.tenants t ON t.id::text = a.target
            WHERE (\(beforeID)::bigint IS NULL OR a.id < \(beforeID))
              AND (\(target)::text IS NULL OR a.target = \(target) OR t.slug = \(target))
            ORDER BY a.id DESC LIMIT \(limit)
            """)
        var entries: [AuditEntry] = []
        for try await row in rows.decode((Int64, String, String, String, String?, String, Date).self) {
            entries.append(AuditEntry(
                id: row.0, operatorName: row.1, action: row.2, target: row.3, targetSlug: row.4, detail: row.5, at: row.6))
        }
        return entries
    }
}
