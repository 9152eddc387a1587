import Foundation
import PorticoApp
import PorticoStore
import PostgresNIO
import Testing

/// The budget DESIGN.md sets for all modules together, so 10,000 tenants fit one PostgreSQL node:
/// an empty tenant costs at most 40 relations and 512 KB.
///
/// Relations are counted as DESIGN.md's own figure was ("today 23" for the catalog alone, which
/// matches the tenant schema's tables, indexes and sequences, not the TOAST tables PostgreSQL keeps
/// in `pg_toast` for them). TOAST relations are bounded apart: an empty TOAST table has no pages
/// and adds only catalog rows, and each table with an unbounded text or jsonb column gets one
/// whatever the module does, so a cap on them is a cap on tables (two per table: table and index).
@Suite struct TenantDensityTests {
    static let maximumSchemaRelations = 40
    static let maximumTOASTRelations = 24
    static let maximumBytes = 512 * 1024

    @Test func anEmptyTenantStaysWithinTheDensityBudget() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            let schema = tenant.id.schemaName.name
            let rows = try await runtime.database.query("""
                WITH own AS (
                    SELECT c.oid, c.reltoastrelid FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = \(schema)
                ), toast AS (
                    SELECT reltoastrelid AS oid FROM own WHERE reltoastrelid <> 0
                    UNION ALL
                    SELECT i.indexrelid FROM pg_index i JOIN own ON i.indrelid = own.reltoastrelid
                )
                SELECT (SELECT count(*)::int FROM own), (SELECT count(*)::int FROM toast),
                       (SELECT coalesce(sum(pg_relation_size(oid)), 0)::bigint FROM (SELECT oid FROM own UNION ALL SELECT oid FROM toast) r)
                """)
            for try await (relations, toast, bytes) in rows.decode((Int, Int, Int64).self) {
                #expect(relations <= Self.maximumSchemaRelations, "an empty tenant has \(relations) relations in its schema")
                #expect(toast <= Self.maximumTOASTRelations, "an empty tenant has \(toast) TOAST relations")
                #expect(bytes <= Self.maximumBytes, "an empty tenant takes \(bytes) bytes")
            }
        }
    }
}
