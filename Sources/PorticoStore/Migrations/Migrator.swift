import Foundation
import Logging
import PorticoCore
import PostgresNIO

/// Applies `Migrations/control` to the `control` schema, then `Migrations/tenant` to every tenant
/// schema: one transaction per schema, tracked in `control.schema_migrations` with checksums,
/// fanned out with bounded parallelism, under an advisory lock so two runners never overlap.
public struct Migrator: Sendable {
    public static let controlSchema = "control"
    static let runnerLockKey: Int64 = 0x706F_7274_6963_6F01

    let database: Database
    let sources: MigrationSources
    let parallelism: Int

    public init(database: Database, sources: MigrationSources, parallelism: Int = 4) {
        self.database = database
        self.sources = sources
        self.parallelism = max(1, parallelism)
    }

    /// What `migrate` would do, without doing it.
    public func plan() async throws -> MigrationPlan {
        try await bootstrapTracking()
        let applied = try await appliedMigrationsBySchema()
        try verifyChecksums(try await appliedChecksums())
        let controlPending = sources.control.pending(applied: applied[Self.controlSchema] ?? [])
        let tenants = try await tenantSchemas()
        let tenantWork = tenants.compactMap { tenant -> MigrationPlan.SchemaWork? in
            let pending = sources.tenant.pending(applied: applied[tenant.schemaName.name] ?? [])
            return pending.isEmpty ? nil : .init(schema: tenant.schemaName.name, tenant: tenant, pending: pending)
        }
        return MigrationPlan(control: controlPending, tenants: tenantWork, tenantSchemaCount: tenants.count)
    }

    /// Applies everything pending. Tenant schemas that fail are reported together at the end;
    /// the others are migrated regardless, and a re-run picks up the failed ones.
    @discardableResult
    public func migrate(progress: MigrationProgress = .silent) async throws -> MigrationReport {
        try await withRunnerLock {
            let initial = try await plan()
            if !initial.control.isEmpty {
                try await database.withTransaction { connection in
                    try await Self.record(initial.control, schema: Self.controlSchema, on: connection, logger: database.logger)
                }
            }
            // Tenants listed before control migrations ran may miss new ones; list again.
            let work = initial.control.isEmpty ? initial.tenants : try await plan().tenants
            progress.started(total: work.count)
            let failures = try await migrateTenants(work, progress: progress)
            progress.finished()
            let report = MigrationReport(
                controlApplied: initial.control.count,
                tenantSchemasMigrated: work.count - failures.count,
                tenantSchemasTotal: initial.tenantSchemaCount,
                failures: failures
            )
            if !failures.isEmpty { throw MigrationError.someSchemasFailed(failures) }
            return report
        }
    }

    /// Brings one tenant schema up to date inside the caller's transaction (provisioning uses it).
    public static func applyTenantMigrations(
        _ set: MigrationSet, to tenant: TenantID, on connection: PostgresConnection, logger: Logger
    ) async throws {
        let schema = tenant.schemaName.name
        try await connection.execute("SELECT pg_advisory_xact_lock(hashtext(\(schema)))", logger: logger)
        let rows = try await connection.checkedQuery(
            "SELECT module, version, checksum FROM control.schema_migrations WHERE schema_name = \(schema)", logger: logger)
        var applied: [MigrationKey: String] = [:]
        for try await (module, version, checksum) in rows.decode((String, Int, String).self) {
            applied[MigrationKey(module: module, version: version)] = checksum
        }
        for (key, checksum) in applied {
            guard let file = set.file(key) else { throw MigrationError.unknownVersion(schema: schema, migration: key) }
            guard file.checksum == checksum else { throw MigrationError.checksumMismatch(schema: schema, file: "tenant/\(file.path)") }
        }
        let pending = set.pending(applied: Set(applied.keys))
        guard !pending.isEmpty else { return }
        try await connection.execute(PostgresQuery(unsafeSQL: "SET LOCAL search_path TO \(tenant.schemaName.quoted)"), logger: logger)
        // The tenant's role gets rights on new tables through the schema's default privileges (set by
        // TenantSchema.create); a GRANT ON ALL TABLES here would scan pg_class once per schema,
        // which grows with every tenant.
        try await record(pending, schema: schema, on: connection, logger: logger)
        try await connection.execute("SET LOCAL search_path TO DEFAULT", logger: logger)
    }

    /// True when the control schema has every control migration of this build (readiness check).
    public func controlSchemaIsCurrent() async throws -> Bool {
        let rows = try await database.query(
            "SELECT module, max(version) FROM control.schema_migrations WHERE schema_name = 'control' GROUP BY module")
        var applied: [String: Int] = [:]
        for try await (module, version) in rows.decode((String, Int).self) { applied[module] = version }
        return sources.control.latestVersions.allSatisfy { module, latest in (applied[module] ?? 0) >= latest }
    }

    // MARK: - Steps

    private func migrateTenants(_ work: [MigrationPlan.SchemaWork], progress: MigrationProgress) async throws -> [MigrationError] {
        try await withThrowingTaskGroup(of: MigrationError?.self) { group in
            var iterator = work.makeIterator()
            var failures: [MigrationError] = []
            func startNext() -> Bool {
                guard let next = iterator.next() else { return false }
                group.addTask { await migrateTenant(next) }
                return true
            }
            for _ in 0..<parallelism where !startNext() { break }
            while let result = try await group.next() {
                if let failure = result { failures.append(failure) }
                progress.advanced(failed: result != nil)
                _ = startNext()
            }
            return failures
        }
    }

    private func migrateTenant(_ work: MigrationPlan.SchemaWork) async -> MigrationError? {
        do {
            try await database.withTransaction { connection in
                try await Self.applyTenantMigrations(sources.tenant, to: work.tenant, on: connection, logger: database.logger)
            }
            return nil
        } catch let error as MigrationError {
            return error
        } catch {
            return .failed(schema: work.schema, file: "tenant", reason: MigrationError.reason(error))
        }
    }

    private static func record(_ files: [MigrationFile], schema: String, on connection: PostgresConnection, logger: Logger) async throws {
        for file in files {
            do {
                try await connection.executeScript(file.sql, logger: logger)
            } catch {
                throw MigrationError.failed(schema: schema, file: file.path, reason: MigrationError.reason(error))
            }
            try await connection.execute("""
                INSERT INTO control.schema_migrations (schema_name, module, version, name, checksum)
                VALUES (\(schema), \(file.module), \(file.version), \(file.name), \(file.checksum))
                """, logger: logger)
        }
    }

    private func withRunnerLock<Result: Sendable>(_ body: () async throws -> Result) async throws -> Result {
        try await database.withConnection { connection in
            var waited = false
            while true {
                let rows = try await connection.checkedQuery("SELECT pg_try_advisory_lock(\(Self.runnerLockKey))", logger: database.logger)
                var acquired = false
                for try await value in rows.decode(Bool.self) { acquired = value }
                if acquired { break }
                if !waited {
                    database.logger.notice("another migration runner holds the lock; waiting for it to finish")
                    waited = true
                }
                try await Task.sleep(for: .milliseconds(500))
            }
            do {
                let result = try await body()
                try await connection.checkedQuery("SELECT pg_advisory_unlock(\(Self.runnerLockKey))", logger: database.logger)
                return result
            } catch {
                _ = try? await connection.checkedQuery("SELECT pg_advisory_unlock(\(Self.runnerLockKey))", logger: database.logger)
                throw error
            }
        }
    }

    /// Creates the tracking table, or gives one from before per-module versions its `module`
    /// column: everything recorded until then was the platform's control set and the catalog's
    /// tenant set (the only module with tenant tables then), so those rows map over as they are.
    private func bootstrapTracking() async throws {
        try await database.withConnection { connection in
            try await connection.executeScript("""
                CREATE SCHEMA IF NOT EXISTS control;
                CREATE TABLE IF NOT EXISTS control.schema_migrations (
                    schema_name text NOT NULL,
                    module text NOT NULL,
                    version integer NOT NULL,
                    name text NOT NULL,
                    checksum text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (schema_name, module, version)
                );
                DO $$ BEGIN
                  IF NOT EXISTS (SELECT 1 FROM information_schema.columns WHERE table_schema = 'control'
                                 AND table_name = 'schema_migrations' AND column_name = 'module') THEN
                    ALTER TABLE control.schema_migrations ADD COLUMN module text;
                    UPDATE control.schema_migrations
                       SET module = CASE WHEN schema_name = 'control' THEN '\(MigrationSources.platformModule)' ELSE 'catalog' END;
                    ALTER TABLE control.schema_migrations ALTER COLUMN module SET NOT NULL;
                    ALTER TABLE control.schema_migrations DROP CONSTRAINT schema_migrations_pkey;
                    ALTER TABLE control.schema_migrations ADD PRIMARY KEY (schema_name, module, version);
                  END IF;
                END $$;
                """, logger: database.logger)
        }
    }

    private func appliedMigrationsBySchema() async throws -> [String: Set<MigrationKey>] {
        let rows = try await database.query(
            "SELECT schema_name, module, array_agg(version) FROM control.schema_migrations GROUP BY schema_name, module")
        var result: [String: Set<MigrationKey>] = [:]
        for try await (schema, module, versions) in rows.decode((String, String, [Int]).self) {
            result[schema, default: []].formUnion(versions.map { MigrationKey(module: module, version: $0) })
        }
        return result
    }

    /// Distinct (schema kind, module, version, checksum) with one example schema: a handful of rows
    /// even with thousands of tenant schemas.
    private func appliedChecksums() async throws -> [(schema: String, key: MigrationKey, checksum: String)] {
        let rows = try await database.query("""
            SELECT min(schema_name), module, version, checksum FROM control.schema_migrations
            GROUP BY (schema_name = 'control'), module, version, checksum
            """)
        var result: [(schema: String, key: MigrationKey, checksum: String)] = []
        for try await (schema, module, version, checksum) in rows.decode((String, String, Int, String).self) {
            result.append((schema, MigrationKey(module: module, version: version), checksum))
        }
        return result
    }

    private func verifyChecksums(_ checksums: [(schema: String, key: MigrationKey, checksum: String)]) throws {
        for entry in checksums {
            let isControl = entry.schema == Self.controlSchema
            let set = isControl ? sources.control : sources.tenant
            guard let file = set.file(entry.key) else {
                throw MigrationError.unknownVersion(schema: entry.schema, migration: entry.key)
            }
            guard file.checksum == entry.checksum else {
                throw MigrationError.checksumMismatch(schema: entry.schema, file: "\(isControl ? "control" : "tenant")/\(file.path)")
            }
        }
    }

    /// Tenants whose schema exists and that are not being deleted.
    private func tenantSchemas() async throws -> [TenantID] {
        let exists = try await database.query(
            "SELECT 1 FROM information_schema.tables WHERE table_schema = 'control' AND table_name = 'tenants'")
        var hasTenantsTable = false
        for try await _ in exists { hasTenantsTable = true }
        guard hasTenantsTable else { return [] }
        let rows = try await database.query("""
            SELECT t.id FROM control.tenants t
            JOIN pg_namespace n ON n.nspname = 't_' || replace(t.id::text, '-', '')
            WHERE t.status NOT IN ('deleting', 'deleted')
            ORDER BY t.created_at
            """)
        var tenants: [TenantID] = []
        for try await id in rows.decode(UUID.self) { tenants.append(TenantID(id)) }
        return tenants
    }
}
