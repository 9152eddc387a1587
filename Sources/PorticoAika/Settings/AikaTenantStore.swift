import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// `control.aika_tenants`: each tenant's AiKA settings and where its catalog sync stands. A row is
/// made on first use; a tenant without one has the defaults.
struct AikaTenantStore: Sendable {
    let database: Database

    func settings(for tenant: TenantID) async throws -> AikaTenantSettings {
        let rows = try await database.query("""
            SELECT chat_url, chat_model, chat_key, embeddings_url, embeddings_model, embeddings_key, stale_after_days
            FROM control.aika_tenants WHERE tenant_id = \(tenant.uuid)
            """)
        for try await row in rows.decode((String?, String?, Data?, String?, String?, Data?, Int).self) {
            return AikaTenantSettings(
                chat: Self.endpoint(row.0, row.1, row.2), embeddings: Self.endpoint(row.3, row.4, row.5), staleAfterDays: row.6)
        }
        return .defaults
    }

    private static func endpoint(_ url: String?, _ model: String?, _ key: Data?) -> AikaTenantSettings.Endpoint? {
        guard let url = url.flatMap(URL.init(string:)), let model else { return nil }
        return AikaTenantSettings.Endpoint(url: url, model: model, sealedKey: key)
    }

    func save(_ settings: AikaTenantSettings, for tenant: TenantID) async throws {
        try await database.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO control.aika_tenants (tenant_id, chat_url, chat_model, chat_key, embeddings_url, embeddings_model,
                                                  embeddings_key, stale_after_days, updated_at)
                VALUES (\(tenant.uuid), \(settings.chat?.url.absoluteString), \(settings.chat?.model), \(settings.chat?.sealedKey),
                        \(settings.embeddings?.url.absoluteString), \(settings.embeddings?.model), \(settings.embeddings?.sealedKey),
                        \(settings.staleAfterDays), \(Date()))
                ON CONFLICT (tenant_id) DO UPDATE SET
                    chat_url = EXCLUDED.chat_url, chat_model = EXCLUDED.chat_model, chat_key = EXCLUDED.chat_key,
                    embeddings_url = EXCLUDED.embeddings_url, embeddings_model = EXCLUDED.embeddings_model,
                    embeddings_key = EXCLUDED.embeddings_key, stale_after_days = EXCLUDED.stale_after_days,
                    updated_at = EXCLUDED.updated_at
                """, logger: database.logger)
        }
    }

    /// Where the tenant's catalog sync stands: entities written after `position` are read next;
    /// every ref was last compared with the catalog's at `reconciledAt`.
    struct SyncState: Sendable, Equatable {
        var position: CatalogEntityPosition?
        var reconciledAt: Date?
    }

    func syncState(for tenant: TenantID) async throws -> SyncState {
        for try await (at, ref, reconciled) in try await database.query(
            "SELECT synced_at, synced_ref, reconciled_at FROM control.aika_tenants WHERE tenant_id = \(tenant.uuid)"
        ).decode((Date?, String?, Date?).self) {
            let position = at.flatMap { at in ref.map { CatalogEntityPosition(writtenAt: at, ref: $0) } }
            return SyncState(position: position, reconciledAt: reconciled)
        }
        return SyncState()
    }

    func saveSyncState(_ state: SyncState, for tenant: TenantID) async throws {
        try await database.withTransaction { connection in
            try await connection.execute("""
                INSERT INTO control.aika_tenants (tenant_id, synced_at, synced_ref, reconciled_at, updated_at)
                VALUES (\(tenant.uuid), \(state.position?.writtenAt), \(state.position?.ref), \(state.reconciledAt), \(Date()))
                ON CONFLICT (tenant_id) DO UPDATE SET
                    synced_at = EXCLUDED.synced_at, synced_ref = EXCLUDED.synced_ref,
                    reconciled_at = EXCLUDED.reconciled_at, updated_at = EXCLUDED.updated_at
                """, logger: database.logger)
        }
    }

    /// Every tenant AiKA has kept anything for (a sync or settings made its row).
    func tenants() async throws -> [TenantID] {
        var tenants: [TenantID] = []
        for try await id in try await database.query("SELECT tenant_id FROM control.aika_tenants").decode(UUID.self) {
            tenants.append(TenantID(id))
        }
        return tenants
    }

    /// The tenant-deletion step: settings and sealed keys go before the schema does.
    static func delete(_ tenant: TenantID, on connection: PostgresConnection, logger: Logger) async throws {
        try await connection.execute("DELETE FROM control.aika_tenants WHERE tenant_id = \(tenant.uuid)", logger: logger)
    }
}
