import Foundation
import PostgresNIO
import Testing
@testable import PorticoApp

/// Facets under a filter of kinds and types add up kept counts per (kind, spec.type) bucket
/// (`FacetBuckets`); migration 0012 writes those counts for entities written before the writer kept them.
@Suite struct CatalogFacetBucketTests {
    static let migration = TestEnvironment.migrationsPath.appendingPathComponent("tenant/catalog/0012_facet_count_buckets.sql")

    @Test func backfillWritesExactlyTheBucketCountsTheWriterKeeps() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                _ = try await client.pushFixture(token: tenant.apiKey)
                let typeless: [String: Any] = [
                    "apiVersion": "example.com/v1", "kind": "Job", "metadata": ["name": "nightly"], "spec": ["owner": "team-a"],
                ]
                let pipeline: [String: Any] = [
                    "apiVersion": "example.com/v1", "kind": "Pipeline", "metadata": ["name": "deploy", "tags": ["ci"]],
                    "spec": ["type": ["service", "batch"], "owner": "team-b"],
                ]
                let pushed = try await client.call(.put, "/api/catalog/providers/more/entities", token: tenant.apiKey,
                                                   json: ["entities": [typeless, pipeline]])
                #expect(pushed.status == .ok)
                let kept = try await bucketRows(runtime, tenant)
                // An entity without a type, and one with several, count in their kind's bucket without a type.
                #expect(kept.contains("(buckets) job=1"))
                #expect(kept.contains("(in)\u{1F}job\u{1F}spec.owner team-a=1"))
                #expect(kept.contains("(in)\u{1F}pipeline\u{1F}spec.type batch=1"))

                try await execute("DELETE FROM facet_counts WHERE key LIKE '(in)%' OR key = '(buckets)'", runtime, tenant)
                try await execute(try String(contentsOf: Self.migration, encoding: .utf8), runtime, tenant)
                #expect(try await bucketRows(runtime, tenant) == kept)
            }
        }
    }

    private func execute(_ sql: String, _ runtime: Runtime, _ tenant: TestTenant) async throws {
        try await runtime.database.withTenantTransaction(tenant.id) { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: runtime.logger)
        }
    }

    /// The bucket rows of `facet_counts` as `key value=count`, sorted.
    private func bucketRows(_ runtime: Runtime, _ tenant: TestTenant) async throws -> [String] {
        try await runtime.database.withTenantTransaction(tenant.id) { connection in
            let text = """
                SELECT key || ' ' || original_value || '=' || count FROM facet_counts
                WHERE key LIKE '(in)%' OR key = '(buckets)' ORDER BY 1
                """
            var rows: [String] = []
            for try await row in try await connection.query(PostgresQuery(unsafeSQL: text), logger: runtime.logger).decode(String.self) {
                rows.append(row)
            }
            return rows
        }
    }
}
