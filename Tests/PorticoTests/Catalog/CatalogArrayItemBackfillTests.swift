import Foundation
import PostgresNIO
import Testing
@testable import PorticoApp

/// Tenant migration 0010 gives entities written before the writer flattened arrays as Backstage
/// does the rows it writes now (`metadata.tags.java` = true, `spec.a.b.d` = 1 from an object in an
/// array), and nothing else.
@Suite struct CatalogArrayItemBackfillTests {
    static let migration = TestEnvironment.migrationsPath.appendingPathComponent("tenant/catalog/0010_array_item_search_keys.sql")
    /// The rows the writer did not write before: string items as keys, and leaves of objects in arrays.
    static let newRows = """
        DELETE FROM search WHERE key LIKE 'metadata.tags.%' OR key LIKE 'spec.providesapis.%' OR key LIKE 'spec.a.b.%'
            OR key LIKE 'spec.regions.%'
        """
    /// Lowercased beyond ASCII, which the database's C locale cannot do the writer's way.
    static var regions: [String: Any] { [
        "apiVersion": "backstage.io/v1alpha1", "kind": "Component", "metadata": ["name": "regional"],
        "spec": ["type": "service", "lifecycle": "production", "owner": "ops", "regions": ["Zürich", "Oslo"]],
    ] }

    @Test func backfillWritesExactlyTheRowsTheWriterWrites() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                _ = try await client.pushFixture(token: tenant.apiKey)
                let body = try JSONSerialization.data(withJSONObject: ["entities": CatalogFilterDocumentationTests.entities])
                _ = try await client.call(.put, "/api/catalog/providers/docs/entities", token: tenant.apiKey,
                                          rawBody: String(decoding: body, as: UTF8.self))
                func pushRegions() async throws {
                    let pushed = try await client.call(.put, "/api/catalog/providers/regions/entities", token: tenant.apiKey,
                                                       json: ["entities": [Self.regions]])
                    #expect(pushed.status == .ok)
                }
                try await pushRegions()
                let written = try await searchRows(runtime, tenant)
                #expect(written.contains { $0.hasPrefix("metadata.tags.java=true ") })
                #expect(written.contains { $0.hasPrefix("spec.a.b.d=1 ") })
                let zurich = written.filter { $0.hasPrefix("spec.regions.zürich=true ") }
                #expect(zurich.count == 1)

                try await execute(Self.newRows, runtime, tenant)
                #expect(try await client.entityNames("/api/catalog/entities/by-query?filter=metadata.tags.java", token: tenant.apiKey) == [])

                let sql = try String(contentsOf: Self.migration, encoding: .utf8)
                for _ in 0..<2 {  // a second run adds nothing
                    // As it ran, before search rows carried their entity's ordinal (0013); then as 0013 gives it.
                    // (The table's owner alters it, not the tenant's role.)
                    let search = "\(tenant.id.schemaName.quoted).search"
                    try await runtime.database.query(PostgresQuery(unsafeSQL: "ALTER TABLE \(search) ALTER COLUMN entity_ordinal DROP NOT NULL"))
                    try await execute(sql, runtime, tenant)
                    try await execute("""
                        UPDATE search s SET entity_ordinal = e.ordinal FROM entities e WHERE e.uid = s.entity_uid AND s.entity_ordinal IS NULL
                        """, runtime, tenant)
                    try await runtime.database.query(PostgresQuery(unsafeSQL: "ALTER TABLE \(search) ALTER COLUMN entity_ordinal SET NOT NULL"))
                    #expect(try await searchRows(runtime, tenant) == written.filter { !zurich.contains($0) })
                }
                #expect(try await client.entityNames("/api/catalog/entities/by-query?filter=metadata.tags.java", token: tenant.apiKey)
                    == ["documented", "payments", "payments-worker"])
                // The entity whose row needs Unicode lowercasing is rewritten by its next push, unchanged as it is.
                try await pushRegions()
                #expect(try await searchRows(runtime, tenant) == written)
                #expect(try await client.entityNames("/api/catalog/entities/by-query?filter=spec.regions.Z%C3%BCRICH", token: tenant.apiKey)
                    == ["regional"])
            }
        }
    }

    private func execute(_ sql: String, _ runtime: Runtime, _ tenant: TestTenant) async throws {
        try await runtime.database.withTenantTransaction(tenant.id) { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: runtime.logger)
        }
    }

    /// Every search row of the tenant as `key=value (original) uid`, sorted, duplicates kept.
    private func searchRows(_ runtime: Runtime, _ tenant: TestTenant) async throws -> [String] {
        try await runtime.database.withTenantTransaction(tenant.id) { connection in
            let text = "SELECT key || '=' || value || ' (' || original_value || ') ' || entity_uid FROM search ORDER BY 1"
            var rows: [String] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: text), logger: runtime.logger).decode(String.self) {
                rows.append(row)
            }
            return rows
        }
    }
}
