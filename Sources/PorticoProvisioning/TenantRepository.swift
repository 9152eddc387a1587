import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Queries over `control.tenants` and `control.tenant_events`.
struct TenantRepository: Sendable {
    let database: Database

    static let columns = """
        id, slug, name, admin_email, plan, rate_limit_override, status, status_reason, created_at, activated_at, deleted_at
        """

    static func decode(_ rows: PostgresRowSequence) async throws -> [Tenant] {
        var tenants: [Tenant] = []
        for try await row in rows.decode(
            (UUID, String, String, String, String, Int?, String, String?, Date, Date?, Date?).self
        ) {
            tenants.append(tenant(from: row))
        }
        return tenants
    }

    static func tenant(from row: (UUID, String, String, String, String, Int?, String, String?, Date, Date?, Date?)) -> Tenant {
        Tenant(
            id: TenantID(row.0), slug: row.1, name: row.2, adminEmail: row.3, plan: row.4, rateLimitOverride: row.5,
            status: TenantStatus(rawValue: row.6) ?? .failed, statusReason: row.7, createdAt: row.8,
            activatedAt: row.9, deletedAt: row.10)
    }

    func find(_ id: TenantID) async throws -> Tenant? {
        let sql = "SELECT \(Self.columns) FROM control.tenants WHERE id = $1"
        var bindings = PostgresBindings()
        bindings.append(id.uuid)
        return try await Self.decode(try await database.query(PostgresQuery(unsafeSQL: sql, binds: bindings))).first
    }

    /// A tenant named by id or slug (a live tenant's slug wins over deleted ones).
    func find(reference: String) async throws -> Tenant? {
        if let id = TenantID(reference) { return try await find(id) }
        let sql = """
            SELECT \(Self.columns) FROM control.tenants WHERE slug = $1
            ORDER BY (status = 'deleted'), created_at DESC LIMIT 1
            """
        var bindings = PostgresBindings()
        bindings.append(reference)
        return try await Self.decode(try await database.query(PostgresQuery(unsafeSQL: sql, binds: bindings))).first
    }

    struct ListFilter: Sendable {
        var status: TenantStatus?
        var plan: String?
        var slugPrefix: String?
        var limit: Int
        /// The `seq` of the last tenant of the previous page.
        var after: Int64?
    }

    /// The tenants of a page, and the cursor for the next page when there may be one.
    func list(_ filter: ListFilter) async throws -> (tenants: [Tenant], next: Int64?) {
        let sql = """
            SELECT \(Self.columns), seq FROM control.tenants
            WHERE ($1::text IS NULL OR status = $1)
              AND ($2::text IS NULL OR plan = $2)
              AND ($3::text IS NULL OR slug LIKE $3 || '%')
              AND ($4::bigint IS NULL OR seq > $4)
            ORDER BY seq
            LIMIT $5
            """
        var bindings = PostgresBindings()
        bindings.append(filter.status?.rawValue)
        bindings.append(filter.plan)
        bindings.append(filter.slugPrefix.map(Self.escapeLike))
        bindings.append(filter.after)
        bindings.append(filter.limit)
        let rows = try await database.query(PostgresQuery(unsafeSQL: sql, binds: bindings))
        var tenants: [Tenant] = []
        var lastSeq: Int64?
        for try await row in rows.decode(
            (UUID, String, String, String, String, Int?, String, String?, Date, Date?, Date?, Int64).self
        ) {
            tenants.append(Self.tenant(from: (row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8, row.9, row.10)))
            lastSeq = row.11
        }
        return (tenants, tenants.count == filter.limit ? lastSeq : nil)
    }

    static func escapeLike(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }

    static func insert(
        _ tenant: Tenant, on connection: PostgresConnection, logger: Logger
    ) async throws {
        do {
            try await connection.checkedQuery("""
                INSERT INTO control.tenants (id, slug, name, admin_email, plan, status)
                VALUES (\(tenant.id.uuid), \(tenant.slug), \(tenant.name), \(tenant.adminEmail), \(tenant.plan), \(tenant.status.rawValue))
                """, logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw PorticoError.conflict("slug_taken", "The slug '\(tenant.slug)' is already taken.", field: "slug")
        }
        try await recordEvent(tenant.id, "signed_up", detail: nil, on: connection, logger: logger)
    }

    /// Moves a tenant from one of `from` to `to`; nil when it was in another state (nothing changed).
    static func transition(
        _ id: TenantID, from: [TenantStatus], to: TenantStatus, reason: String?, on connection: PostgresConnection, logger: Logger
    ) async throws -> Tenant? {
        let sql = """
            UPDATE control.tenants SET status = $1, status_reason = $2, updated_at = now(),
                activated_at = CASE WHEN $1 = 'active' AND activated_at IS NULL THEN clock_timestamp() ELSE activated_at END,
                deleted_at = CASE WHEN $1 = 'deleted' THEN now() ELSE deleted_at END
            WHERE id = $3 AND status = ANY($4)
            RETURNING \(columns)
            """
        var bindings = PostgresBindings()
        bindings.append(to.rawValue)
        bindings.append(reason)
        bindings.append(id.uuid)
        bindings.append(from.map(\.rawValue))
        let updated = try await decode(try await connection.checkedQuery(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)).first
        if updated != nil { try await recordEvent(id, to.rawValue, detail: reason, on: connection, logger: logger) }
        return updated
    }

    static func setPlan(
        _ id: TenantID, plan: String, rateLimitOverride: Int?, on connection: PostgresConnection, logger: Logger
    ) async throws -> Tenant? {
        let sql = """
            UPDATE control.tenants SET plan = $1, rate_limit_override = $2, updated_at = now()
            WHERE id = $3 AND status <> 'deleted'
            RETURNING \(columns)
            """
        var bindings = PostgresBindings()
        bindings.append(plan)
        bindings.append(rateLimitOverride)
        bindings.append(id.uuid)
        return try await decode(try await connection.checkedQuery(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger)).first
    }

    static func recordEvent(_ id: TenantID, _ event: String, detail: String?, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.checkedQuery("""
            INSERT INTO control.tenant_events (tenant_id, event, detail) VALUES (\(id.uuid), \(event), \(detail))
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }
}
