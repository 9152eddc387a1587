import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoStore
import PostgresNIO

/// `GET`/`PUT /api/signals/settings`: the tag whose value names a cost row's entity.
struct SignalsTenantSettings: Codable, Sendable, Equatable {
    static let defaultCostEntityTag = "backstage-entity"

    let costEntityTag: String

    private enum CodingKeys: String, CodingKey, CaseIterable { case costEntityTag }

    init(costEntityTag: String) {
        self.costEntityTag = costEntityTag
    }

    init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let tag = try container.decode(String.self, forKey: .costEntityTag)
        guard (1...128).contains(tag.count), !tag.unicodeScalars.contains(where: { $0.value < 0x20 }) else {
            throw PorticoError.validation("'costEntityTag' must be 1 to 128 printable characters.", field: "costEntityTag")
        }
        costEntityTag = tag
    }
}

/// The tenant's signals settings in `control.signals_tenants` (a row only once changed).
struct SignalsSettingsStore: Sendable {
    let database: Database

    func settings(for tenant: TenantID) async throws -> SignalsTenantSettings {
        let rows = try await database.query("SELECT cost_entity_tag FROM control.signals_tenants WHERE tenant_id = \(tenant.uuid)")
        for try await tag in rows.decode(String.self) { return SignalsTenantSettings(costEntityTag: tag) }
        return SignalsTenantSettings(costEntityTag: SignalsTenantSettings.defaultCostEntityTag)
    }

    func update(_ tenant: TenantID, to settings: SignalsTenantSettings) async throws {
        try await database.query("""
            INSERT INTO control.signals_tenants (tenant_id, cost_entity_tag, updated_at) VALUES (\(tenant.uuid), \(settings.costEntityTag), \(Date()))
            ON CONFLICT (tenant_id) DO UPDATE SET cost_entity_tag = EXCLUDED.cost_entity_tag, updated_at = EXCLUDED.updated_at
            """)
    }
}
