import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Hooks in `control.signals_hooks`, their secrets sealed with the operator's key.
struct HookStore: Sendable {
    let database: Database
    let sealer: SecretSealer?
    let publicBaseURL: String

    func url(of id: UUID) -> String { "\(publicBaseURL)/api/signals/hooks/\(id.uuidString.lowercased())" }

    func create(_ provider: Hook.Provider, tenant: TenantID, limit: Int) async throws -> HookWithSecret {
        let sealer = try requireSealer()
        let id = UUID()
        let secret = HookSecret.generate()
        let sealed = try sealer.seal(secret, for: tenant)
        let now = Date()
        try await database.withTransaction { connection in
            // Serialises makers of one tenant's hooks, so two at once cannot both pass the limit.
            try await connection.execute("SELECT pg_advisory_xact_lock(hashtextextended(\("signals.hooks:\(tenant)"), 0))", logger: database.logger)
            var count = 0
            for try await value in try await connection.checkedQuery(
                "SELECT count(*)::int FROM control.signals_hooks WHERE tenant_id = \(tenant.uuid)", logger: database.logger).decode(Int.self) {
                count = value
            }
            guard count < limit else { throw SignalsProblem.limit(hooks: limit) }
            try await connection.execute("""
                INSERT INTO control.signals_hooks (id, tenant_id, provider, sealed_secret, created_at)
                VALUES (\(id), \(tenant.uuid), \(provider.rawValue), \(sealed), \(now))
                """, logger: database.logger)
        }
        return HookWithSecret(id: id, provider: provider, url: url(of: id), secret: secret, createdAt: now)
    }

    func list(tenant: TenantID) async throws -> [Hook] {
        var hooks: [Hook] = []
        let rows = try await database.query("""
            SELECT id, provider, created_at, rotated_at FROM control.signals_hooks
            WHERE tenant_id = \(tenant.uuid) ORDER BY created_at, id
            """)
        for try await (id, provider, created, rotated) in rows.decode((UUID, String, Date, Date?).self) {
            guard let provider = Hook.Provider(rawValue: provider) else { continue }
            hooks.append(Hook(id: id, provider: provider, url: url(of: id), createdAt: created, rotatedAt: rotated))
        }
        return hooks
    }

    /// A new secret; the old one stops working at once.
    func rotate(_ id: UUID, tenant: TenantID) async throws -> HookWithSecret {
        let sealer = try requireSealer()
        let secret = HookSecret.generate()
        let sealed = try sealer.seal(secret, for: tenant)
        let rows = try await database.query("""
            UPDATE control.signals_hooks SET sealed_secret = \(sealed), rotated_at = \(Date())
            WHERE id = \(id) AND tenant_id = \(tenant.uuid)
            RETURNING provider, created_at
            """)
        for try await (provider, created) in rows.decode((String, Date).self) {
            return HookWithSecret(id: id, provider: Hook.Provider(rawValue: provider) ?? .generic, url: url(of: id), secret: secret, createdAt: created)
        }
        throw SignalsProblem.hookNotFound
    }

    func delete(_ id: UUID, tenant: TenantID) async throws {
        let rows = try await database.query(
            "DELETE FROM control.signals_hooks WHERE id = \(id) AND tenant_id = \(tenant.uuid) RETURNING id")
        for try await _ in rows { return }
        throw SignalsProblem.hookNotFound
    }

    /// The hook a public delivery URL names, with its secret opened; nil when there is none.
    func credentials(of id: UUID) async throws -> HookCredentials? {
        let rows = try await database.query("SELECT tenant_id, provider, sealed_secret FROM control.signals_hooks WHERE id = \(id)")
        for try await (tenant, provider, sealed) in rows.decode((UUID, String, Data).self) {
            guard let sealer, let provider = Hook.Provider(rawValue: provider) else { return nil }
            let tenant = TenantID(tenant)
            return HookCredentials(id: id, tenant: tenant, provider: provider, secret: try sealer.open(sealed, for: tenant))
        }
        return nil
    }

    private func requireSealer() throws -> SecretSealer {
        guard let sealer else { throw SignalsProblem.keyNotConfigured }
        return sealer
    }
}
