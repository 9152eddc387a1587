import Foundation
import PorticoApp
import PorticoCatalog
import PorticoInsights
import PorticoProvisioning
import PorticoStore
import PostgresNIO
import Testing

/// Migrations are tracked per module: a database migrated before modules had folders keeps its
/// history, and two modules may both have a version 1.
@Suite struct StoreMigrationModuleTests {
    @Test func migrationsRecordedBeforeModulesMapOverWithoutRunningAgain() async throws {
        // The modules of that time, without the folders of the modules that came later.
        try await TemporaryMigrations.with { migrations in
            let laterModules = PorticoModules.all.map { $0.id }.filter { ![ProvisioningModule.id, CatalogModule.id].contains($0) }
            for kind in ["control", "tenant"] {
                for module in laterModules {
                    let folder = migrations.root.appendingPathComponent(kind).appendingPathComponent(module)
                    if FileManager.default.fileExists(atPath: folder.path) { try FileManager.default.removeItem(at: folder) }
                }
            }
            try await TestDatabase.withFreshMigrated(
                migrationsPath: migrations.root, modules: [ProvisioningModule.self, CatalogModule.self]
            ) { _, runtime in
                try await StoreTestSupport.withTenants(2, in: runtime) { tenants in
                    let before = try await Self.recordCount(runtime)
                    // The tracking table as it was: no module column, one version space per schema.
                    try await runtime.database.withConnection { connection in
                        try await connection.executeScript("""
                            DELETE FROM control.schema_migrations WHERE schema_name = 'control' AND version > 4;
                            DROP TABLE control.usage_records, control.usage_totals, control.tenant_clocks;
                            ALTER TABLE control.jobs DROP COLUMN rerun_at;
                            ALTER TABLE control.schema_migrations DROP CONSTRAINT schema_migrations_pkey;
                            ALTER TABLE control.schema_migrations DROP COLUMN module;
                            ALTER TABLE control.schema_migrations ADD PRIMARY KEY (schema_name, version);
                            """, logger: runtime.logger)
                    }
                    let plan = try await runtime.migrator.plan()
                    let newer = runtime.migrations.control.files.filter { $0.version > 4 }.map(\.path)
                    #expect(plan.control.map(\.path) == newer, "only what is new runs")
                    #expect(plan.tenants.isEmpty, "the catalog's tenant migrations are recognised as applied")
                    try await runtime.migrator.migrate()
                    #expect(try await Self.recordCount(runtime) == before)
                    let modules = try await Self.modulesBySchema(runtime)
                    #expect(modules["control"] == ["platform"])
                    for tenant in tenants { #expect(modules[tenant.id.schemaName.name] == ["catalog"]) }
                    #expect(try await runtime.migrator.plan().isEmpty)
                }
            }
        }
    }

    static func recordCount(_ runtime: Runtime) async throws -> Int {
        for try await count in try await runtime.database.query("SELECT count(*)::int FROM control.schema_migrations").decode(Int.self) {
            return count
        }
        return 0
    }

    static func modulesBySchema(_ runtime: Runtime) async throws -> [String: Set<String>] {
        let rows = try await runtime.database.query(
            "SELECT schema_name, array_agg(DISTINCT module) FROM control.schema_migrations GROUP BY schema_name")
        var result: [String: Set<String>] = [:]
        for try await (schema, modules) in rows.decode((String, [String]).self) { result[schema] = Set(modules) }
        return result
    }
}
