import Foundation
import PorticoApp
import PorticoStore
import PostgresNIO
import Testing

/// The budget DESIGN.md sets for all modules together, so 10,000 tenants fit one PostgreSQL node:
/// an empty tenant costs at most 40 relations (tables, indexes, sequences, TOAST) and 512 KB.
@Suite struct TenantDensityTests {
    @Test func anEmptyTenantStaysWithinTheDensityBudget() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            let schema = tenant.id.schemaName.name
            let rows = try await runtime.database.query("""
                SELECT count(*)::int, coalesce(sum(pg_relation_size(c.oid)), 0)::bigint
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = \(schema)
                   OR c.oid IN (SELECT reltoastrelid FROM pg_class t JOIN pg_namespace tn ON tn.oid = t.relnamespace
                                WHERE tn.nspname = \(schema) AND t.reltoastrelid <> 0)
                   OR c.oid IN (SELECT i.indexrelid FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid
                                WHERE t.oid IN (SELECT reltoastrelid FROM pg_class t2 JOIN pg_namespace tn2 ON tn2.oid = t2.relnamespace
                                                WHERE tn2.nspname = \(schema) AND t2.reltoastrelid <> 0))
                """)
            for try await (relations, bytes) in rows.decode((Int, Int64).self) {
                #expect(relations <= 40, "an empty tenant has \(relations) relations")
                #expect(bytes <= 512 * 1024, "an empty tenant takes \(bytes) bytes")
            }
        }
    }
}
