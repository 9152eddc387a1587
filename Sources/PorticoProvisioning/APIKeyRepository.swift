import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoStore
import PostgresNIO

/// Queries over `control.api_keys`.
struct APIKeyRepository: Sendable {
    let database: Database
    let plans: PlanBook

    static let columns = "id, tenant_id, name, lookup_id, scopes, expires_at, revoked_at, last_used_at, created_at"

    static func decode(_ rows: PostgresRowSequence) async throws -> [APIKey] {
        var keys: [APIKey] = []
        for try await row in rows.decode((UUID, UUID, String, String, [String], Date?, Date?, Date?, Date).self) {
            keys.append(APIKey(
                id: row.0, tenantID: TenantID(row.1), name: row.2, prefix: SecretToken.Kind.apiKey.rawValue + row.3,
                scopes: row.4.compactMap(Scope.init(rawValue:)), expiresAt: row.5, revokedAt: row.6, lastUsedAt: row.7,
                createdAt: row.8))
        }
        return keys
    }

    static func insert(
        tenant: TenantID, name: String, scopes: [Scope], expiresAt: Date?, on connection: PostgresConnection, logger: Logger
    ) async throws -> IssuedAPIKey {
        let token = SecretToken.generate(.apiKey)
        let id = UUID()
        let rows = try await connection.checkedQuery("""
            INSERT INTO control.api_keys (id, tenant_id, name, lookup_id, secret_hash, scopes, expires_at)
            VALUES (\(id), \(tenant.uuid), \(name), \(token.lookupID), \(ByteBuffer(bytes: token.hash)), \(scopes.map(\.rawValue)), \(expiresAt))
            RETURNING \(unescaped: columns)
            """, logger: logger)
        guard let key = try await decode(rows).first else { throw PorticoError.notFound("The key was not created.") }
        return IssuedAPIKey(key: key, secret: token.value)
    }

    func list(tenant: TenantID) async throws -> [APIKey] {
        try await Self.decode(try await database.query("""
            SELECT \(unescaped: Self.columns) FROM control.api_keys WHERE tenant_id = \(tenant.uuid) ORDER BY created_at, id
            """))
    }

    static func countLive(tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> Int {
        let rows = try await connection.checkedQuery("""
            SELECT count(*) FROM control.api_keys
            WHERE tenant_id = \(tenant.uuid) AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
            """, logger: logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }

    /// Revokes a key of this tenant; nil when the tenant has no such key. Revoking twice is harmless.
    static func revoke(_ id: UUID, tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws -> APIKey? {
        try await decode(try await connection.checkedQuery("""
            UPDATE control.api_keys SET revoked_at = coalesce(revoked_at, now())
            WHERE id = \(id) AND tenant_id = \(tenant.uuid)
            RETURNING \(unescaped: columns)
            """, logger: logger)).first
    }

    static func revokeAll(tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.checkedQuery(
            "UPDATE control.api_keys SET revoked_at = now() WHERE tenant_id = \(tenant.uuid) AND revoked_at IS NULL",
            logger: logger)
    }

    /// The key and its tenant, for the gateway; the stored hash comes along for the comparison.
    func lookup(lookupID: String) async throws -> (hash: [UInt8], key: VerifiedAPIKey, revoked: Bool)? {
        let rows = try await database.query("""
            SELECT k.id, k.secret_hash, k.scopes, k.expires_at, k.revoked_at IS NOT NULL,
                   t.id, t.slug, t.status, t.plan, t.rate_limit_override, t.name, t.created_at, t.activated_at
            FROM control.api_keys k JOIN control.tenants t ON t.id = k.tenant_id
            WHERE k.lookup_id = \(lookupID)
            """)
        for try await row in rows.decode(
            (UUID, ByteBuffer, [String], Date?, Bool, UUID, String, String, String, Int?, String, Date, Date?).self
        ) {
            let entitlements = plans.entitlements(plan: row.8, rateLimitOverride: row.9)
            let profile = TenantProfile(
                id: TenantID(row.5), slug: Slug(stored: row.6), name: row.10, status: TenantStatus(rawValue: row.7) ?? .failed,
                createdAt: row.11, activatedAt: row.12)
            let key = VerifiedAPIKey(
                keyID: row.0, tenant: profile, scopes: Set(row.2.compactMap(Scope.init(rawValue:))),
                expiresAt: row.3, entitlements: entitlements)
            return (Array(row.1.readableBytesView), key, row.4)
        }
        return nil
    }

    func recordLastUsed(_ uses: [UUID: Date]) async throws {
        guard !uses.isEmpty else { return }
        let ids = Array(uses.keys)
        let times = ids.map { uses[$0]! }
        try await database.query("""
            UPDATE control.api_keys k SET last_used_at = u.at
            FROM unnest(\(ids)::uuid[], \(times)::timestamptz[]) AS u(id, at)
            WHERE k.id = u.id AND (k.last_used_at IS NULL OR k.last_used_at < u.at)
            """)
    }
}
