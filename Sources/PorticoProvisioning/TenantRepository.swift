import Foundation
import Logging
import PorticoCore
import PorticoSeam
import PorticoStore
import PostgresNIO

/// Queries over `control.tenants` and `control.tenant_events`.
struct TenantRepository: Sendable {
    let database: Database

    static let columns = """
        id, slug, name, admin_email, plan, rate_limit_override, status, status_reason, created_at, activated_at, deleted_at
        """

    typealias Row = (UUID, String, String, String, String, Int?, String, String?, Date, Date?, Date?)

    static func decode(_ rows: PostgresRowSequence) async throws -> [Tenant] {
        var tenants: [Tenant] = []
        for try await row in rows.decode(Row.self) { tenants.append(tenant(from: row)) }
        return tenants
    }

    static func tenant(from row: Row) -> Tenant {
        Tenant(
            id: TenantID(row.0), slug: Slug(stored: row.1), name: row.2, adminEmail: row.3, plan: PlanID(row.4),
            rateLimitOverride: row.5, status: TenantStatus(rawValue: row.6) ?? .failed, statusReason: row.7,
            createdAt: row.8, activatedAt: row.9, deletedAt: row.10)
    }

    func find(_ id: TenantID) async throws -> Tenant? {
        try await Self.decode(try await database.query(
            "SELECT \(unescaped: Self.columns) FROM control.tenants WHERE id = \(id.uuid)")).first
    }

    /// A tenant named by id or slug (a live tenant's slug wins over deleted ones).
    func find(reference: String) async throws -> Tenant? {
        if let id = TenantID(reference) { return try await find(id) }
        return try await Self.decode(try await database.query("""
            SELECT \(unescaped: Self.columns) FROM control.tenants WHERE slug = \(reference)
            ORDER BY (status = 'deleted'), created_at DESC LIMIT 1
            """)).first
    }

    func activeTenants(onPlans plans: [String]) async throws -> [TenantID] {
        guard !plans.isEmpty else { return [] }
        var ids: [TenantID] = []
        for try await id in try await database.query(
            "SELECT id FROM control.tenants WHERE status = 'active' AND plan = ANY(\(plans)) ORDER BY seq").decode(UUID.self) {
            ids.append(TenantID(id))
        }
        return ids
    }

    /// Live tenants by id, a page at a time, for other modules' bookkeeping.
    func liveAccounts(after: TenantID?, limit: Int) async throws -> [TenantAccount] {
        var accounts: [TenantAccount] = []
        for try await (id, plan, status, createdAt) in try await database.query("""
            SELECT id, plan, status, created_at FROM control.tenants
            WHERE status IN ('provisioning', 'active', 'suspended') AND (\(after?.uuid)::uuid IS NULL OR id > \(after?.uuid))
            ORDER BY id LIMIT \(limit)
            """).decode((UUID, String, String, Date).self) {
            accounts.append(TenantAccount(id: TenantID(id), plan: PlanID(plan), status: TenantStatus(rawValue: status) ?? .failed, createdAt: createdAt))
        }
        return accounts
    }

    struct ListFilter: Sendable {
        var status: TenantStatus?
        var plan: PlanID?
        var slugPrefix: String?
        var limit: Int
        /// The `seq` of the last tenant of the previous page.
        var after: Int64?
    }

    /// The tenants of a page, and the cursor for the next page when there may be one.
    func list(_ filter: ListFilter) async throws -> (tenants: [Tenant], next: Int64?) {
        let status = filter.status?.rawValue
        let slugPattern = filter.slugPrefix.map { Self.escapeLike($0) + "%" }
        let rows = try await database.query("""
            SELECT \(unescaped: Self.columns), seq FROM control.tenants
            WHERE (\(status)::text IS NULL OR status = \(status))
              AND (\(filter.plan?.id)::text IS NULL OR plan = \(filter.plan?.id))
              AND (\(slugPattern)::text IS NULL OR slug LIKE \(slugPattern))
              AND (\(filter.after)::bigint IS NULL OR seq > \(filter.after))
            ORDER BY seq
            LIMIT \(filter.limit)
            """)
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
                VALUES (\(tenant.id.uuid), \(tenant.slug.value), \(tenant.name), \(tenant.adminEmail), \(tenant.plan.id), \(tenant.status.rawValue))
                """, logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw PorticoError.conflict("slug_taken", "The slug '\(tenant.slug)' is already taken.", field: "slug")
        }
        try await recordEvent(tenant.id, "signed_up", detail: nil, on: connection, logger: logger)
    }

    /// Moves a tenant from one of `from` to `to`; nil when it was in another state (nothing changed).
    static func transition(
        _ id: TenantID, from: [TenantStatus], to: TenantStatus, reason: String?, onlyIfReason expectedReason: String? = nil,
        on connection: PostgresConnection, logger: Logger
    ) async throws -> Tenant? {
        let status = to.rawValue
        let updated = try await decode(try await connection.checkedQuery("""
            UPDATE control.tenants SET status = \(status), status_reason = \(reason), updated_at = now(),
                activated_at = CASE WHEN \(status) = 'active' AND activated_at IS NULL THEN clock_timestamp() ELSE activated_at END,
                deleted_at = CASE WHEN \(status) = 'deleted' THEN now() ELSE deleted_at END
            WHERE id = \(id.uuid) AND status = ANY(\(from.map(\.rawValue)))
              AND (\(expectedReason)::text IS NULL OR status_reason = \(expectedReason))
            RETURNING \(unescaped: columns)
            """, logger: logger)).first
        if updated != nil { try await recordEvent(id, to.rawValue, detail: reason, on: connection, logger: logger) }
        return updated
    }

    /// Sets a tenant's plan and its rate override (or, `keepingOverride`, leaves the override as it is).
    static func setPlan(
        _ id: TenantID, plan: PlanID, rateLimitOverride: Int?, keepingOverride: Bool = false, on connection: PostgresConnection, logger: Logger
    ) async throws -> Tenant? {
        try await decode(try await connection.checkedQuery("""
            UPDATE control.tenants SET plan = \(plan.id),
                rate_limit_override = CASE WHEN \(keepingOverride) THEN rate_limit_override ELSE \(rateLimitOverride) END,
                updated_at = now()
            WHERE id = \(id.uuid) AND status <> 'deleted'
            RETURNING \(unescaped: columns)
            """, logger: logger)).first
    }

    static func recordEvent(_ id: TenantID, _ event: String, detail: String?, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.checkedQuery("""
            INSERT INTO control.tenant_events (tenant_id, event, detail) VALUES (\(id.uuid), \(event), \(detail))
            ON CONFLICT DO NOTHING
            """, logger: logger)
    }
}
