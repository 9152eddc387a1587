import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PostgresNIO

/// A tenant's catalog settings, kept in its `settings` table.
public struct CatalogSettings: Codable, Sendable, Equatable {
    /// How often each location is fetched again.
    public var refreshIntervalMinutes: Int
    /// What happens to entities that disappear from their location: `orphan` keeps them marked
    /// `backstage.io/orphan: 'true'`, `delete` removes them.
    public var orphanPolicy: String

    public static let defaults = CatalogSettings(refreshIntervalMinutes: 30, orphanPolicy: "orphan")
    static let key = "catalog"

    enum CodingKeys: String, CodingKey, CaseIterable { case refreshIntervalMinutes, orphanPolicy }

    public init(refreshIntervalMinutes: Int, orphanPolicy: String) {
        self.refreshIntervalMinutes = refreshIntervalMinutes
        self.orphanPolicy = orphanPolicy
    }

    /// Strict, as the document says: a misspelt setting is an error, not a silently kept default.
    public init(from decoder: any Decoder) throws {
        try StrictDecoding.rejectUnknownKeys(in: decoder, allowed: Set(CodingKeys.allCases.map(\.rawValue)))
        let container = try decoder.container(keyedBy: CodingKeys.self)
        refreshIntervalMinutes = try container.decode(Int.self, forKey: .refreshIntervalMinutes)
        orphanPolicy = try container.decode(String.self, forKey: .orphanPolicy)
    }

    func validated() throws -> CatalogSettings {
        guard (1...1440).contains(refreshIntervalMinutes) else {
            throw PorticoError.validation("'refreshIntervalMinutes' must be from 1 to 1440.", field: "refreshIntervalMinutes")
        }
        guard orphanPolicy == "orphan" || orphanPolicy == "delete" else {
            throw PorticoError.validation("'orphanPolicy' must be orphan or delete.", field: "orphanPolicy")
        }
        return self
    }

    static func load(on connection: PostgresConnection, logger: Logger) async throws -> CatalogSettings {
        for try await json in try await connection.checkedQuery("SELECT value::text FROM settings WHERE key = \(key)", logger: logger).decode(String.self) {
            return (try? JSONDecoder().decode(CatalogSettings.self, from: Data(json.utf8))) ?? .defaults
        }
        return .defaults
    }

    func save(on connection: PostgresConnection, logger: Logger) async throws {
        let json = String(decoding: try JSONEncoder().encode(self), as: UTF8.self)
        // The time is bound, not `now()`: Citus refuses non-immutable calls in an upsert's update.
        try await connection.checkedQuery("""
            INSERT INTO settings (key, value, updated_at) VALUES (\(Self.key), \(json)::jsonb, \(Date()))
            ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
            """, logger: logger)
    }
}
