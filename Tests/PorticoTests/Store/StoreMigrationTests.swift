import Foundation
import Testing
import PorticoApp
import PorticoCore
import PostgresNIO
@testable import PorticoStore

/// The migrator against real, throw-away PostgreSQL databases: control and tenant sets, plans,
/// checksums, per-schema failures, and concurrent runners.
@Suite struct StoreMigrationTests {
    /// A tenant migration added after tenants exist: a table and an index. Tests add it after
    /// the repository's last tenant migration, whichever that is by then.
    static let widgetsSQL = """
        -- Widgets; tenant migrations run with search_path set to the tenant's schema.
        CREATE TABLE widgets (
            id bigserial PRIMARY KEY,
            name text NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX widgets_name ON widgets (name);
        """

    // MARK: - Fresh database

    @Test func freshDatabaseGetsEveryControlMigrationOnceAndThenNothingIsPending() async throws {
        try await TestDatabase.withFresh { url in
            try await TestDatabase.withRuntime(url) { runtime in
                let migrator = runtime.migrator
                let controlFiles = runtime.migrations.control.files
                try #require(!controlFiles.isEmpty)

                let planned = try await migrator.plan()
                #expect(planned.control.map(\.name) == controlFiles.map(\.name))
                #expect(planned.tenants.isEmpty)
                #expect(planned.tenantSchemaCount == 0)
                #expect(try await migrator.controlSchemaIsCurrent() == false)

                let first = try await migrator.migrate()
                #expect(first.controlApplied == controlFiles.count)
                #expect(first.tenantSchemasTotal == 0)
                #expect(first.tenantSchemasMigrated == 0)
                #expect(first.failures.isEmpty)

                // Tracked with the name and checksum of each file.
                let rows = try await runtime.database.query("""
                    SELECT module, version, name, checksum FROM control.schema_migrations
                    WHERE schema_name = 'control' ORDER BY module, version
                    """)
                var recorded: [String] = []
                for try await (module, version, name, checksum) in rows.decode((String, Int, String, String).self) {
                    recorded.append("\(module) \(version) \(name) \(checksum)")
                }
                #expect(recorded == controlFiles.map { "\($0.module) \($0.version) \($0.name) \($0.checksum)" }.sorted())
                #expect(try await StoreTestSupport.tableExists("control", "tenants", runtime.database))
                #expect(try await StoreTestSupport.tableExists("control", "jobs", runtime.database))
                #expect(try await migrator.controlSchemaIsCurrent())

                let second = try await migrator.migrate()
                #expect(second.controlApplied == 0)
                #expect(second.tenantSchemasMigrated == 0)
                #expect(try await migrator.plan().isEmpty)
                #expect(try await StoreTestSupport.migrationRowCounts(runtime.database).values.allSatisfy { $0 == 1 })
            }
        }
    }

    // MARK: - A new tenant migration

    @Test func newTenantMigrationIsPlannedForAndAppliedToEveryTenantSchema() async throws {
        try await TemporaryMigrations.with { migrations in
            try await TestDatabase.withFreshMigrated(migrationsPath: migrations.root) { url, runtime in
                let database = runtime.database
                let base = Set(runtime.migrations.tenant.files.map(\.moduleVersion))
                try await StoreTestSupport.withTenants(3, in: runtime) { tenants in
                    let schemas = tenants.map(\.id.schemaName.name)
                    // Signed up but not provisioned: no schema yet, so nothing to migrate.
                    _ = try await TestTenants.create(runtime, provision: false)
                    #expect(try await migrations.migrator(runtime).plan().isEmpty)

                    let widgets = try migrations.append(.tenant, "widgets", Self.widgetsSQL)
                    let migrator = try migrations.migrator(runtime, parallelism: 2)

                    let plan = try await migrator.plan()
                    #expect(plan.control.isEmpty)
                    #expect(plan.tenantSchemaCount == 3)
                    #expect(plan.tenants.map(\.schema).sorted() == schemas.sorted())
                    let plannedTenants: Set<TenantID> = Set(plan.tenants.map(\.tenant))
                    #expect(plannedTenants == Set(tenants.map(\.id)))
                    for work in plan.tenants {
                        #expect(work.pending.map(\.name) == [widgets.name], "\(work.schema)")
                    }
                    // Planning is a dry run.
                    for schema in schemas {
                        #expect(try await StoreTestSupport.tableExists(schema, "widgets", database) == false)
                        #expect(try await StoreTestSupport.appliedVersions(schema, database) == base)
                    }

                    let report = try await migrator.migrate()
                    #expect(report.controlApplied == 0)
                    #expect(report.tenantSchemasMigrated == 3)
                    #expect(report.tenantSchemasTotal == 3)
                    #expect(report.failures.isEmpty)

                    for schema in schemas {
                        #expect(try await StoreTestSupport.tableExists(schema, "widgets", database), "\(schema)")
                        #expect(try await StoreTestSupport.indexExists(schema, "widgets_name", database), "\(schema)")
                        #expect(try await StoreTestSupport.appliedVersions(schema, database) == base.union(["\(TemporaryMigrations.Kind.tenant.module)/\(widgets.version)"]), "\(schema)")
                    }
                    // Nothing landed outside the tenant schemas.
                    #expect(try await StoreTestSupport.tableExists("public", "widgets", database) == false)
                    #expect(try await StoreTestSupport.tableExists("control", "widgets", database) == false)
                    let counts = try await StoreTestSupport.migrationRowCounts(database)
                    for schema in schemas { #expect(counts["\(schema):\(TemporaryMigrations.Kind.tenant.module):\(widgets.version)"] == 1, "\(schema)") }
                    #expect(counts.values.allSatisfy { $0 == 1 })

                    // Each tenant's role may use the new table inside its scoped transaction.
                    for tenant in tenants {
                        let count = try await database.withTenantTransaction(tenant.id) { connection in
                            try await connection.query("INSERT INTO widgets (name) VALUES ('first')", logger: runtime.logger)
                            let rows = try await connection.query("SELECT count(*) FROM widgets", logger: runtime.logger)
                            var count = 0
                            for try await value in rows.decode(Int.self) { count = value }
                            return count
                        }
                        #expect(count == 1)
                    }

                    #expect(try await migrator.plan().isEmpty)
                    let again = try await migrator.migrate()
                    #expect(again.tenantSchemasMigrated == 0)
                    #expect(again.tenantSchemasTotal == 3)
                }
            }
        }
    }

    // MARK: - Append-only files

    /// Both planning and migrating refuse, naming the edited file and a schema it was applied to.
    private func expectChecksumMismatch(
        _ migrator: Migrator, file: String, sourceLocation: SourceLocation = #_sourceLocation, schema isExpected: (String) -> Bool
    ) async {
        let planError = await #expect(throws: MigrationError.self, sourceLocation: sourceLocation) { try await migrator.plan() }
        let migrateError = await #expect(throws: MigrationError.self, sourceLocation: sourceLocation) { try await migrator.migrate() }
        for error in [planError, migrateError] {
            guard case .checksumMismatch(let schema, let name)? = error else {
                Issue.record("expected a checksum mismatch, got \(String(describing: error))", sourceLocation: sourceLocation)
                continue
            }
            #expect(isExpected(schema), sourceLocation: sourceLocation)
            #expect(name == file, sourceLocation: sourceLocation)
            #expect(error?.description.contains(file) == true, sourceLocation: sourceLocation)
        }
    }

    @Test func editingAnAppliedControlMigrationIsRefused() async throws {
        try await TemporaryMigrations.with { migrations in
            try await TestDatabase.withFreshMigrated(migrationsPath: migrations.root) { url, runtime in
                // The platform's last control migration: TemporaryMigrations reads and writes the platform's folder.
                let file = try #require(runtime.migrations.control.files.last { $0.module == MigrationSources.platformModule }).name
                let original = try migrations.read(.control, file)
                try migrations.write(.control, file, original + "\n-- edited after it was applied\n")
                let migrator = try migrations.migrator(runtime)

                await expectChecksumMismatch(migrator, file: "control/platform/\(file)") { $0 == "control" }

                // Putting the file back the way it was makes everything current again.
                try migrations.write(.control, file, original)
                #expect(try await migrations.migrator(runtime).plan().isEmpty)
            }
        }
    }

    @Test func editingAnAppliedTenantMigrationIsRefused() async throws {
        try await TemporaryMigrations.with { migrations in
            try await TestDatabase.withFreshMigrated(migrationsPath: migrations.root) { url, runtime in
                try await StoreTestSupport.withTenants(2, in: runtime) { tenants in
                    let file = try #require(runtime.migrations.tenant.files.first).name
                    let original = try migrations.read(.tenant, file)
                    try migrations.write(.tenant, file, original + "\n-- edited after it was applied\n")
                    let migrator = try migrations.migrator(runtime)

                    await expectChecksumMismatch(migrator, file: "tenant/catalog/\(file)") { schema in
                        tenants.map(\.id.schemaName.name).contains(schema)
                    }

                    // Provisioning one schema checks the same way.
                    let provisionError = await #expect(throws: MigrationError.self) {
                        try await runtime.database.withTransaction { connection in
                            try await Migrator.applyTenantMigrations(
                                try migrations.sources().tenant, to: tenants[0].id, on: connection, logger: runtime.logger)
                        }
                    }
                    #expect(provisionError?.description.contains("tenant/catalog/\(file)") == true)
                }
            }
        }
    }

    @Test func deletingAnAppliedMigrationFileIsRefused() async throws {
        try await TemporaryMigrations.with { migrations in
            try await TestDatabase.withFreshMigrated(migrationsPath: migrations.root) { url, runtime in
                try await StoreTestSupport.withTenants(1, in: runtime) { tenants in
                    let widgets = try migrations.append(.tenant, "widgets", Self.widgetsSQL)
                    try await migrations.migrator(runtime).migrate()
                    try migrations.delete(.tenant, widgets.name)

                    let error = await #expect(throws: MigrationError.self) { try await migrations.migrator(runtime).plan() }
                    guard case .unknownVersion(let schema, let version)? = error else {
                        Issue.record("expected an unknown version, got \(String(describing: error))")
                        return
                    }
                    #expect(schema == tenants[0].id.schemaName.name)
                    #expect(version == MigrationKey(module: "catalog", version: widgets.version))
                }
            }
        }
    }

    // MARK: - Failures

    @Test func aFailingTenantSchemaDoesNotBlockTheOthersAndARerunFinishesIt() async throws {
        try await TemporaryMigrations.with { migrations in
            try await TestDatabase.withFreshMigrated(migrationsPath: migrations.root) { url, runtime in
                let database = runtime.database
                let base = Set(runtime.migrations.tenant.files.map(\.moduleVersion))
                try await StoreTestSupport.withTenants(3, in: runtime) { tenants in
                    // The middle tenant (schemas are migrated in sign-up order) already has a
                    // `widgets` table, so the new migration's CREATE TABLE fails there.
                    let broken = tenants[1].id.schemaName
                    let healthy = [tenants[0], tenants[2]].map(\.id.schemaName.name)
                    try await database.query(PostgresQuery(unsafeSQL: "CREATE TABLE \(broken.quoted).widgets (id integer)"))
                    let widgets = try migrations.append(.tenant, "widgets", Self.widgetsSQL)
                    // One schema at a time: the schema after the broken one is migrated anyway.
                    let migrator = try migrations.migrator(runtime, parallelism: 1)

                    let error = await #expect(throws: MigrationError.self) { try await migrator.migrate() }
                    guard case .someSchemasFailed(let failures)? = error else {
                        Issue.record("expected someSchemasFailed, got \(String(describing: error))")
                        return
                    }
                    #expect(failures.count == 1)
                    if case .failed(let schema, let file, let reason)? = failures.first {
                        #expect(schema == broken.name)
                        #expect(file == "catalog/\(widgets.name)")
                        #expect(reason.contains("already exists"), "\(reason)")
                    } else {
                        Issue.record("expected a failed schema, got \(failures)")
                    }
                    #expect(error?.description.contains(broken.name) == true)

                    for schema in healthy {
                        #expect(try await StoreTestSupport.appliedVersions(schema, database) == base.union(["\(TemporaryMigrations.Kind.tenant.module)/\(widgets.version)"]), "\(schema)")
                        #expect(try await StoreTestSupport.columns(schema, "widgets", database) == ["id", "name", "created_at"])
                        #expect(try await StoreTestSupport.indexExists(schema, "widgets_name", database))
                    }
                    // The broken schema was rolled back as a whole: not recorded, its own table untouched.
                    #expect(try await StoreTestSupport.appliedVersions(broken.name, database) == base)
                    #expect(try await StoreTestSupport.columns(broken.name, "widgets", database) == ["id"])
                    #expect(try await StoreTestSupport.indexExists(broken.name, "widgets_name", database) == false)
                    #expect(try await migrator.plan().tenants.map(\.schema) == [broken.name])

                    // Resumable: once the conflict is gone, a re-run migrates only that schema.
                    try await database.query(PostgresQuery(unsafeSQL: "DROP TABLE \(broken.quoted).widgets"))
                    let report = try await migrator.migrate()
                    #expect(report.tenantSchemasMigrated == 1)
                    #expect(report.tenantSchemasTotal == 3)
                    #expect(try await migrator.plan().isEmpty)
                    for tenant in tenants {
                        let schema = tenant.id.schemaName.name
                        #expect(try await StoreTestSupport.appliedVersions(schema, database) == base.union(["\(TemporaryMigrations.Kind.tenant.module)/\(widgets.version)"]), "\(schema)")
                        #expect(try await StoreTestSupport.indexExists(schema, "widgets_name", database), "\(schema)")
                    }
                    #expect(try await StoreTestSupport.migrationRowCounts(database).values.allSatisfy { $0 == 1 })
                }
            }
        }
    }

    @Test func aFailingControlMigrationIsRolledBackAndNamed() async throws {
        try await TemporaryMigrations.with { migrations in
            try await TestDatabase.withFreshMigrated(migrationsPath: migrations.root) { url, runtime in
                let broken = try migrations.append(.control, "broken", """
                    CREATE TABLE control.half_done (id integer);
                    SELECT * FROM control.no_such_table;
                    """)
                let migrator = try migrations.migrator(runtime)
                let error = await #expect(throws: MigrationError.self) { try await migrator.migrate() }
                guard case .failed(let schema, let file, _)? = error else {
                    Issue.record("expected a failed migration, got \(String(describing: error))")
                    return
                }
                #expect(schema == "control")
                #expect(file == "platform/\(broken.name)")
                #expect(try await StoreTestSupport.tableExists("control", "half_done", runtime.database) == false)
                #expect(try await migrator.plan().control.map(\.name) == [broken.name])
            }
        }
    }

    // MARK: - Concurrent runners

    @Test func twoRunnersAtOnceBothSucceedAndApplyEachMigrationOnce() async throws {
        try await TemporaryMigrations.with { migrations in
            try await TestDatabase.withFresh { url in
                // Two runtimes with their own connection pools, as two `portico migrate` processes would have.
                try await TestDatabase.withRuntime(url, migrationsPath: migrations.root) { first in
                    try await TestDatabase.withRuntime(url, migrationsPath: migrations.root) { second in
                        let controlCount = first.migrations.control.files.count
                        async let a = first.migrator.migrate()
                        async let b = second.migrator.migrate()
                        let (reportA, reportB) = try await (a, b)
                        #expect(reportA.controlApplied + reportB.controlApplied == controlCount)
                        #expect(min(reportA.controlApplied, reportB.controlApplied) == 0)
                        var counts = try await StoreTestSupport.migrationRowCounts(first.database)
                        #expect(counts.count == controlCount)
                        #expect(counts.values.allSatisfy { $0 == 1 })

                        // The same with tenant schemas to fan out over.
                        try await StoreTestSupport.withTenants(3, in: first) { tenants in
                            let base = Set(first.migrations.tenant.files.map(\.moduleVersion))
                            let widgets = try migrations.append(.tenant, "widgets", Self.widgetsSQL)
                            let migratorA = try migrations.migrator(first, parallelism: 2)
                            let migratorB = try migrations.migrator(second, parallelism: 2)
                            async let tenantA = migratorA.migrate()
                            async let tenantB = migratorB.migrate()
                            let (tenantReportA, tenantReportB) = try await (tenantA, tenantB)
                            #expect(tenantReportA.tenantSchemasMigrated + tenantReportB.tenantSchemasMigrated == 3)
                            counts = try await StoreTestSupport.migrationRowCounts(first.database)
                            #expect(counts.values.allSatisfy { $0 == 1 })
                            for tenant in tenants {
                                let schema = tenant.id.schemaName.name
                                #expect(try await StoreTestSupport.appliedVersions(schema, first.database) == base.union(["\(TemporaryMigrations.Kind.tenant.module)/\(widgets.version)"]), "\(schema)")
                            }
                            #expect(try await migratorA.plan().isEmpty)
                        }
                    }
                }
            }
        }
    }

    // MARK: - Tenant isolation

    @Test func tenantTransactionReachesOnlyItsOwnSchema() async throws {
        try await TestDatabase.withShared { runtime in
            let database = runtime.database
            let logger = runtime.logger
            let tenantA = try await TestTenants.create(runtime)
            let tenantB = try await TestTenants.create(runtime)
            let schemaA = tenantA.id.schemaName
            let schemaB = tenantB.id.schemaName
            let key = "isolation.\(UUID().uuidString.lowercased())"

            // The control schema is out of reach, reading and writing.
            for sql in ["SELECT * FROM control.api_keys", "SELECT * FROM control.tenants", "DELETE FROM control.jobs WHERE false"] {
                let error = await #expect(throws: PSQLError.self, "\(sql)") {
                    try await database.withTenantTransaction(tenantA.id) { connection in
                        _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                    }
                }
                #expect(error?.serverInfo?[.sqlState] == "42501", "\(sql): \(String(describing: error))")
            }
            // So is the other tenant's schema, even fully qualified.
            for sql in ["SELECT * FROM \(schemaB.quoted).settings",
                        "INSERT INTO \(schemaB.quoted).settings (key, value) VALUES ('\(key)', '1')"] {
                let error = await #expect(throws: PSQLError.self, "\(sql)") {
                    try await database.withTenantTransaction(tenantA.id) { connection in
                        _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
                    }
                }
                #expect(error?.serverInfo?[.sqlState] == "42501", "\(sql): \(String(describing: error))")
            }

            // The tenant's own settings table, unqualified, is readable and writable.
            let value = try await database.withTenantTransaction(tenantA.id) { connection in
                try await connection.query("INSERT INTO settings (key, value) VALUES (\(key), '41'::jsonb)", logger: logger)
                try await connection.query("UPDATE settings SET value = '42'::jsonb WHERE key = \(key)", logger: logger)
                let rows = try await connection.query("SELECT value::text FROM settings WHERE key = \(key)", logger: logger)
                var value: String?
                for try await text in rows.decode(String.self) { value = text }
                return value
            }
            #expect(value == "42")
            func count(in schema: SQLIdentifier) async throws -> Int {
                let rows = try await database.query(
                    "SELECT count(*) FROM \(unescaped: schema.quoted).settings WHERE key = \(key)")
                var count = 0
                for try await value in rows.decode(Int.self) { count = value }
                return count
            }
            #expect(try await count(in: schemaA) == 1)
            #expect(try await count(in: schemaB) == 0)
            try await database.withTenantTransaction(tenantA.id) { connection in
                _ = try await connection.query("DELETE FROM settings WHERE key = \(key)", logger: logger)
            }
            #expect(try await count(in: schemaA) == 0)

            // The scope ends with the transaction: the pooled connection is back to its own role
            // and its own planning.
            try await database.withConnection { connection in
                func session() async throws -> (user: String, path: String, plans: String, seqscan: String) {
                    let rows = try await connection.query("""
                        SELECT current_user::text, current_setting('search_path'), current_setting('plan_cache_mode'),
                               current_setting('enable_seqscan')
                        """, logger: logger)
                    var result = ("", "", "", "")
                    for try await row in rows.decode((String, String, String, String).self) { result = row }
                    return result
                }
                let before = try await session()
                for planning in [StatementPlanning.perExecution, .keyedGeneric] {
                    let inside = try await connection.runTransaction(logger: logger) { connection in
                        try await connection.enterTenantScope(tenantA.id, limits: DatabaseLimits(), planning: planning, logger: logger)
                        return try await session()
                    }
                    #expect(inside.user == schemaA.name)
                    #expect(inside.plans == (planning == .keyedGeneric ? "force_generic_plan" : before.plans))
                    #expect(inside.seqscan == (planning == .keyedGeneric ? "off" : "on"))
                    let after = try await session()
                    #expect(after == before)
                }
                let after = try await session()
                #expect(after.user != schemaA.name)
            }
        }
    }
}
