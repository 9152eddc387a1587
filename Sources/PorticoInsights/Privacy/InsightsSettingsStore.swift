import Crypto
import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Each tenant's Insights settings and secret, in `control.insights_tenants`: made on first use
/// with a fresh random secret, cached for a few seconds per process (every ingested batch needs
/// them; a change reaches every replica within the cache's lifetime).
final class InsightsSettingsStore: Sendable {
    static let cacheLifetime: Duration = .seconds(5)
    static let cachedTenants = 10_000

    let database: Database
    private let cache = ExpiringCache<TenantID, InsightsTenantSettings>(lifetime: cacheLifetime, capacity: cachedTenants)

    init(database: Database) {
        self.database = database
    }

    func settings(for tenant: TenantID) async throws -> InsightsTenantSettings {
        if let cached = cache.value(for: tenant) { return cached }
        let settings = try await load(tenant)
        cache.keep(settings, for: tenant)
        return settings
    }

    func update(_ tenant: TenantID, to view: InsightsSettingsView) async throws -> InsightsTenantSettings {
        _ = try await load(tenant)
        try await database.withTransaction { connection in
            try await connection.execute("""
                UPDATE control.insights_tenants
                SET keep_user_refs = \(view.keepUserRefs), retention_months = \(view.retentionMonths),
                    licensed_seats = \(view.licensedSeats), updated_at = \(Date())
                WHERE tenant_id = \(tenant.uuid)
                """, logger: database.logger)
        }
        cache.forget(tenant)
        return try await settings(for: tenant)
    }

    /// Every tenant that has used Insights, for the retention sweep.
    func tenants() async throws -> [TenantID] {
        var tenants: [TenantID] = []
        for try await id in try await database.query("SELECT tenant_id FROM control.insights_tenants").decode(UUID.self) {
            tenants.append(TenantID(id))
        }
        return tenants
    }

    private func load(_ tenant: TenantID) async throws -> InsightsTenantSettings {
        let secret = SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) }
        return try await database.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO control.insights_tenants (tenant_id, user_key_secret) VALUES (\(tenant.uuid), \(secret))
                ON CONFLICT (tenant_id) DO NOTHING
                """, logger: database.logger)
            let rows = try await connection.checkedQuery("""
                SELECT user_key_secret, keep_user_refs, retention_months, licensed_seats
                FROM control.insights_tenants WHERE tenant_id = \(tenant.uuid)
                """, logger: database.logger)
            for try await (secret, keep, months, seats) in rows.decode((Data, Bool, Int, Int?).self) {
                return InsightsTenantSettings(
                    pseudonyms: PseudonymKey(secret: SymmetricKey(data: secret)), keepUserRefs: keep, retentionMonths: months, licensedSeats: seats)
            }
            throw PorticoError.notFound("The tenant's Insights settings could not be made.")
        }
    }

    /// The tenant-deletion step: the secret and settings go before the schema does.
    static func delete(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute("DELETE FROM control.insights_tenants WHERE tenant_id = \(tenant.uuid)", logger: logger)
    }
}
