import Foundation
import Logging
import PorticoCore
import PostgresNIO

/// A registered location exactly as Backstage's `Location` schema has it: id, type and target, and
/// nothing else (the schema forbids other properties, and strict clients check). Its refresh state
/// is served on a route of its own.
public struct Location: Sendable, Encodable {
    public let id: UUID
    public let type: String
    public let target: String
    public let refresh: LocationRefreshStatus

    enum CodingKeys: String, CodingKey { case id, type, target }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id.uuidString.lowercased(), forKey: .id)
        try container.encode(type, forKey: .type)
        try container.encode(target, forKey: .target)
    }
}

/// Queries over a tenant's `locations`, always on a connection already scoped to the tenant.
struct LocationRepository {
    let connection: PostgresConnection
    let logger: Logger

    static let columns = "id, type, target, status, message, failed_refreshes, entity_count, last_refreshed_at, problems::text"

    private func decode(_ rows: PostgresRowSequence) async throws -> [Location] {
        var result: [Location] = []
        for try await row in rows.decode((UUID, String, String, String, String?, Int, Int, Date?, String).self) {
            let problems = try JSONDecoder().decode([LocationProblem].self, from: Data(row.8.utf8))
            let refresh = LocationRefreshStatus(status: row.3, message: row.4, failedRefreshes: row.5, entityCount: row.6,
                                                lastRefreshedAt: row.7, problems: problems)
            result.append(Location(id: row.0, type: row.1, target: row.2, refresh: refresh))
        }
        return result
    }

    func all() async throws -> [Location] {
        try await decode(try await connection.checkedQuery("SELECT \(unescaped: Self.columns) FROM locations ORDER BY created_at, id", logger: logger))
    }

    func find(_ id: UUID) async throws -> Location? {
        try await decode(try await connection.checkedQuery("SELECT \(unescaped: Self.columns) FROM locations WHERE id = \(id)", logger: logger)).first
    }

    func find(type: String, target: String) async throws -> Location? {
        try await decode(try await connection.checkedQuery(
            "SELECT \(unescaped: Self.columns) FROM locations WHERE type = \(type) AND target = \(target)", logger: logger)).first
    }

    func count() async throws -> Int {
        for try await count in try await connection.checkedQuery("SELECT count(*) FROM locations", logger: logger).decode(Int.self) { return count }
        return 0
    }

    func insert(type: String, target: String) async throws -> Location {
        let id = UUID()
        try await connection.checkedQuery("INSERT INTO locations (id, type, target) VALUES (\(id), \(type), \(target))", logger: logger)
        return Location(id: id, type: type, target: target, refresh: .pending)
    }

    /// Deletes the location (its entities are the writer's to delete first).
    func delete(_ id: UUID) async throws -> Bool {
        let rows = try await connection.checkedQuery("DELETE FROM locations WHERE id = \(id) RETURNING id", logger: logger)
        for try await _ in rows { return true }
        return false
    }

    struct RefreshState {
        let etag: String?
        let contentHash: String?
    }

    func refreshState(_ id: UUID) async throws -> RefreshState? {
        for try await (etag, hash) in try await connection.checkedQuery(
            "SELECT etag, content_hash FROM locations WHERE id = \(id)", logger: logger).decode((String?, String?).self) {
            return RefreshState(etag: etag, contentHash: hash)
        }
        return nil
    }

    func recordSuccess(_ id: UUID, etag: String?, contentHash: String?, problems: [LocationProblem], entityCount: Int?) async throws {
        let problemsJSON = String(decoding: try JSONEncoder().encode(problems), as: UTF8.self)
        try await connection.checkedQuery("""
            UPDATE locations SET status = 'ok', message = NULL, failed_refreshes = 0, problems = \(problemsJSON)::jsonb,
                etag = coalesce(\(etag), etag), content_hash = coalesce(\(contentHash), content_hash),
                entity_count = coalesce(\(entityCount), entity_count), last_refreshed_at = now()
            WHERE id = \(id)
            """, logger: logger)
    }

    func recordFailure(_ id: UUID, message: String) async throws {
        try await connection.checkedQuery("""
            UPDATE locations SET status = 'failed', message = \(String(message.prefix(2000))), failed_refreshes = failed_refreshes + 1,
                last_refreshed_at = now()
            WHERE id = \(id)
            """, logger: logger)
    }
}
