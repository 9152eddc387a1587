import Foundation
import NIOCore
import PostgresNIO
import Testing
@testable import PorticoApp
@testable import PorticoCatalog

/// Facets under a filter add up kept counts per (kind, spec.type) bucket (`FacetBuckets`) or count
/// kept postings (`FacetPostings`); migrations 0012 and 0013 write them for entities written before
/// the writer kept them, and must write exactly what the writer keeps.
@Suite struct CatalogFacetBackfillTests {
    static let bucketMigration = TestEnvironment.migrationsPath.appendingPathComponent("tenant/catalog/0012_facet_count_buckets.sql")
    static let postingMigration = TestEnvironment.migrationsPath.appendingPathComponent("tenant/catalog/0013_facet_postings.sql")

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

                try await tenantExecute("DELETE FROM facet_counts WHERE key LIKE '(in)%' OR key = '(buckets)'", runtime, tenant)
                try await tenantExecute(try String(contentsOf: Self.bucketMigration, encoding: .utf8), runtime, tenant)
                #expect(try await bucketRows(runtime, tenant) == kept)
            }
        }
    }

    @Test func backfillWritesExactlyThePostingsTheWriterKeeps() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                _ = try await client.pushFixture(token: tenant.apiKey)
                // Replacements and deletions take offsets out of rows and empty some.
                var services = (0..<12).map { component("svc-\($0)", owner: $0 % 3 == 0 ? "team-a" : "Team-B") }
                _ = try await client.call(.put, "/api/catalog/providers/more/entities", token: tenant.apiKey, json: ["entities": services])
                services[0]["spec"] = ["type": "website", "lifecycle": "experimental", "owner": "team-c"]
                _ = try await client.call(.put, "/api/catalog/providers/more/entities", token: tenant.apiKey, json: ["entities": Array(services.prefix(8))])
                let kept = try await postingRows(runtime, tenant)
                #expect(kept.contains { $0.hasPrefix("(postings)\u{1F}spec.owner\u{1F}0 team-c=1 ") })
                #expect(kept.contains { $0.hasPrefix("(postings)\u{1F}spec.owner\u{1F}0 Team-B=5 ") })

                let migration = try String(contentsOf: Self.postingMigration, encoding: .utf8)
                let backfill = try #require(migration.range(of: "INSERT INTO facet_counts (key, original_value, count, offsets)")).lowerBound
                try await tenantExecute("DELETE FROM facet_counts WHERE offsets IS NOT NULL", runtime, tenant)
                try await tenantExecute(String(migration[backfill...]), runtime, tenant)
                #expect(try await postingRows(runtime, tenant) == kept)
            }
        }
    }

    @Test func membersCountTheOffsetsOfTheirSegmentOnlyAndCombine() {
        let size = Int64(FacetPostings.segmentSize)
        let members = FacetPostings.Members([0, 5, size - 1, size, size + 4, 10 * size + 3])
        #expect(members.count(offsetBytes: FacetPostings.bytes(of: [0, 1, 5, UInt16(size - 1)]), in: 0) == 3)
        #expect(members.count(offsetBytes: FacetPostings.bytes(of: [0, 4, 5]), in: 1) == 2)
        #expect(members.count(offsetBytes: FacetPostings.bytes(of: [0, 5]), in: 2) == 0)
        #expect(members.count(offsetBytes: FacetPostings.bytes(of: [3]), in: 10) == 1)
        #expect(Set(members.segments) == [0, 1, 10])
        #expect(members.count == 6)
        let others = FacetPostings.Members([5, size, 2 * size])
        #expect(members.intersection(others) == FacetPostings.Members([5, size]))
        #expect(members.union(others) == FacetPostings.Members([0, 5, size - 1, size, size + 4, 2 * size, 10 * size + 3]))
        #expect(members.intersection(FacetPostings.Members([1])).isEmpty)
        var bytes = ByteBuffer()
        for ordinal: Int64 in [7, size] { bytes.writeInteger(ordinal) }
        #expect(FacetPostings.Members(ordinalBytes: bytes) == FacetPostings.Members([7, size]))
        #expect(FacetPostings.offsets(in: FacetPostings.bytes(of: [3, 300, UInt16(size - 1)])) == [3, 300, UInt16(size - 1)])
    }

    /// The bucket rows of `facet_counts` as `key value=count`, sorted.
    private func bucketRows(_ runtime: Runtime, _ tenant: TestTenant) async throws -> [String] {
        try await tenantStrings("""
            SELECT key || ' ' || original_value || '=' || count FROM facet_counts
            WHERE key LIKE '(in)%' OR key = '(buckets)' ORDER BY 1
            """, runtime, tenant)
    }
}
