import PostgresNIO
import Testing
@testable import PorticoApp
@testable import PorticoCatalog

/// The plan's entity limit is checked against the catalog's size after a write, worked out before
/// the write from the kept counts; it must be exactly what counting every entity would say.
@Suite struct CatalogProjectedCountTests {
    struct Write: CustomStringConvertible {
        let source: EntitySource
        let keys: [String]
        let removed: [String]
        let replacing: Bool

        var description: String { "\(source) writing \(keys) removing \(removed)\(replacing ? " replacing" : "")" }
    }

    @Test func projectedCountIsWhatCountingEveryEntityGives() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                for (provider, names) in [("a", ["a-0", "a-1", "a-2", "a-3"]), ("b", ["b-0", "b-1"])] {
                    let pushed = try await client.call(.put, "/api/catalog/providers/\(provider)/entities", token: tenant.apiKey,
                                                       json: ["entities": names.map { component($0) }])
                    #expect(pushed.status == .ok)
                }
            }
            let a = EntitySource.provider("a"), b = EntitySource.provider("b"), newcomer = EntitySource.provider("c")
            let writes = [
                Write(source: a, keys: ["component:default/a-0", "component:default/new-1"], removed: [], replacing: false),
                Write(source: a, keys: ["component:default/a-0", "component:default/b-0", "component:default/new-1"],
                      removed: ["component:default/a-1", "component:default/a-0", "component:default/b-1"], replacing: false),
                Write(source: a, keys: ["component:default/a-0", "component:default/b-0", "component:default/new-1"], removed: [], replacing: true),
                Write(source: a, keys: [], removed: [], replacing: true),
                Write(source: b, keys: [], removed: ["component:default/b-1", "component:default/missing"], replacing: false),
                Write(source: newcomer, keys: ["component:default/a-0", "component:default/new-2"], removed: [], replacing: true),
            ]
            try await runtime.database.withTenantTransaction(tenant.id) { connection in
                let writer = try await EntityWriter.locked(connection: connection, logger: runtime.logger, tenant: tenant.id)
                for write in writes {
                    let projected = try await writer.projectedCount(
                        of: write.source, writing: write.keys, removing: write.removed, replacing: write.replacing)
                    #expect(projected == (try await Self.countedByHand(write, on: connection, runtime)), "\(write)")
                }
            }
        }
    }

    /// The count the writer used to make: every entity that stays, plus the keys that are new.
    static func countedByHand(_ write: Write, on connection: PostgresConnection, _ runtime: Runtime) async throws -> Int {
        let source = write.source.description
        let rows = try await connection.query("""
            SELECT
              (SELECT count(*) FROM entities
               WHERE NOT (source = \(source) AND (\(write.replacing) OR (ref = ANY(\(write.removed)) AND ref <> ALL(\(write.keys))))))
            + (SELECT count(*) FROM unnest(\(write.keys)::text[]) AS k(ref)
               WHERE NOT EXISTS (SELECT 1 FROM entities e WHERE e.ref = k.ref AND (e.source <> \(source) OR NOT \(write.replacing))))
            """, logger: runtime.logger)
        for try await count in rows.decode(Int.self) { return count }
        return 0
    }
}
