import Foundation
import Logging
import PorticoApp
import PorticoCore
import PorticoStore
import PostgresNIO
import ServiceLifecycle
import Synchronization
import Testing

/// Store-level helpers for tests that talk to PostgreSQL directly.
enum StoreTestSupport {
    /// Tenants created through sign-up and in-process provisioning (schema, role, tenant
    /// migrations, `active`), whose schemas and roles are dropped again afterwards: roles are
    /// cluster-wide and would otherwise outlive a throw-away database.
    static func withTenants<Result: Sendable>(
        _ count: Int, in runtime: Runtime, _ body: ([TestTenant]) async throws -> Result
    ) async throws -> Result {
        var tenants: [TestTenant] = []
        func cleanUp() async {
            for tenant in tenants {
                _ = try? await runtime.database.withTransaction { connection in
                    try await TenantSchema.drop(tenant.id, on: connection, logger: runtime.logger)
                }
            }
        }
        do {
            for _ in 0..<count { tenants.append(try await TestTenants.create(runtime)) }
            let result = try await body(tenants)
            await cleanUp()
            return result
        } catch {
            await cleanUp()
            throw error
        }
    }

    // MARK: - Schema inspection

    /// Versions recorded in `control.schema_migrations` for one schema, in order.
    /// The migrations recorded for `schema`, as `module/version`.
    static func appliedVersions(_ schema: String, _ database: Database) async throws -> Set<String> {
        let rows = try await database.query(
            "SELECT module || '/' || version FROM control.schema_migrations WHERE schema_name = \(schema)")
        var versions: Set<String> = []
        for try await version in rows.decode(String.self) { versions.insert(version) }
        return versions
    }

    /// How many rows `control.schema_migrations` holds per (schema, version): 1 everywhere when
    /// nothing ran twice.
    static func migrationRowCounts(_ database: Database) async throws -> [String: Int] {
        let rows = try await database.query(
            "SELECT schema_name || ':' || module || ':' || version, count(*) FROM control.schema_migrations GROUP BY schema_name, module, version")
        var counts: [String: Int] = [:]
        for try await (key, count) in rows.decode((String, Int).self) { counts[key] = count }
        return counts
    }

    static func tableExists(_ schema: String, _ table: String, _ database: Database) async throws -> Bool {
        let rows = try await database.query(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = \(schema) AND table_name = \(table)")
        for try await _ in rows { return true }
        return false
    }

    static func columns(_ schema: String, _ table: String, _ database: Database) async throws -> Set<String> {
        let rows = try await database.query("""
            SELECT column_name::text FROM information_schema.columns WHERE table_schema = \(schema) AND table_name = \(table)
            """)
        var names: Set<String> = []
        for try await name in rows.decode(String.self) { names.insert(name) }
        return names
    }

    static func indexExists(_ schema: String, _ index: String, _ database: Database) async throws -> Bool {
        let rows = try await database.query(
            "SELECT 1 FROM pg_indexes WHERE schemaname = \(schema) AND indexname = \(index)")
        for try await _ in rows { return true }
        return false
    }
}

// MARK: - Jobs

extension MigrationFile {
    /// How `appliedVersions` names it.
    var moduleVersion: String { "\(module)/\(version)" }
}
