import Foundation
import PorticoApp
import PorticoCore
import PorticoSeam
import PorticoStore
import PostgresNIO
import Testing

/// A module added through the seam alone (`ThrowawayModule`, a line in a module list and its own
/// migration folders) is migrated, configured, routed, run, metered and told about deletions.
@Suite struct ModuleSeamTests {
    static let modules: [any PorticoModule.Type] = PorticoModules.all + [ThrowawayModule.self]

    @Test func aModuleSettingIsValidatedAtStartUpWithTheOthers() async throws {
        let error = await #expect(throws: SettingsLoader.Invalid.self) {
            try await TestEnvironment.settings(
                overrides: ["throwaway.maximumNameLength": "500", "throwaway.greeting": "", "port": "x"], modules: Self.modules)
        }
        let problems = error?.problems.joined(separator: "\n") ?? ""
        #expect(problems.contains("PORTICO_THROWAWAY_MAXIMUM_NAME_LENGTH (throwaway.maximumNameLength): '500' must be a whole number from 1 to 100"))
        #expect(problems.contains("PORTICO_THROWAWAY_GREETING (throwaway.greeting): '' must not be empty"))
        #expect(problems.contains("PORTICO_PORT"))
    }

    @Test func aModuleAddedThroughTheSeamIsMigratedRoutedRunMeteredAndToldOfDeletions() async throws {
        try await TemporaryMigrations.with { migrations in
            try migrations.write(.control, module: ThrowawayModule.id, "0001_forgotten.sql",
                                 "CREATE TABLE control.throwaway_forgotten (tenant_id uuid PRIMARY KEY, at timestamptz NOT NULL);")
            // Version 1 again: versions are per module, so it does not collide with the catalog's.
            try migrations.write(.tenant, module: ThrowawayModule.id, "0001_widgets.sql",
                                 "CREATE TABLE widgets (name text PRIMARY KEY, stamped boolean NOT NULL);")
            try await TestDatabase.withFreshMigrated { url, withoutModule in
                // Tenants that exist before the module is added get its tables from `migrate`.
                let enterprise = try await TestTenants.create(withoutModule, plan: "enterprise")
                let team = try await TestTenants.create(withoutModule, plan: "team")
                try await TestDatabase.withRuntime(
                    url, migrationsPath: migrations.root, overrides: ["throwaway.greeting": "bonjour"], modules: Self.modules
                ) { runtime in
                    try await runtime.migrator.migrate()
                    #expect(runtime.meters.contains(ThrowawayModule.widgetsMeter))
                    for tenant in [enterprise, team] {
                        #expect(try await Self.hasWidgetsTable(tenant, runtime), "migrated: \(tenant.slug)")
                    }
                    try await Self.exercise(runtime, enterprise: enterprise, team: team)
                }
            }
        }
    }

    static func exercise(_ runtime: Runtime, enterprise: TestTenant, team: TestTenant) async throws {
        let queue = JobQueue(database: runtime.database)
        let registry = PorticoWorker.registry(modules: try runtime.modules(queue: queue), queue: queue)
        let worker = JobTestSupport.worker(runtime, queue: queue, registry: registry)
        let operatorToken = try await TestTenants.createOperator(runtime)
        try await JobTestSupport.withWorkers([worker], logger: runtime.logger) {
            try await LiveServer.with(runtime) { client in
                let created = try await client.call(.post, "/api/throwaway/widgets", token: enterprise.apiKey, json: ["name": "w1"])
                #expect(created.status == .created)
                #expect(created.json["greeting"] as? String == "bonjour", "the module reads its own setting")
                let refused = try await client.call(.post, "/api/throwaway/widgets", token: team.apiKey, json: ["name": "w1"])
                #expect(refused.status == .forbidden)
                #expect(refused.code == "plugin_not_in_plan", "the module's entitlement is checked by the gateway")
                #expect(refused.headers[.contentType] == "application/problem+json", "the group declares problem+json")
                let tooLong = try await client.call(.post, "/api/throwaway/widgets", token: enterprise.apiKey, json: ["name": String(repeating: "w", count: 21)])
                #expect(tooLong.status == .unprocessableContent)

                try await eventually("the module's job ran on the worker") {
                    try await Self.stamped("w1", of: enterprise, runtime)
                }
                try await eventually("the module's usage and the gateway's count of its route group are recorded") {
                    let widgets = try await Self.usage(of: enterprise, meter: "throwaway.widgets", runtime)
                    let requests = try await Self.usage(of: enterprise, meter: "api.requests", dimension: ThrowawayModule.id, runtime)
                    return widgets == 1 && requests == 2
                }
                #expect(try await Self.usage(of: team, meter: "throwaway.widgets", runtime) == 0)

                let deleted = try await client.call(.delete, "/admin/v1/tenants/\(enterprise.slug)", token: operatorToken)
                #expect(deleted.status == .accepted)
                try await eventually("the tenant is deleted, after the module's deletion step") {
                    try await Self.forgotten(enterprise, runtime)
                }
                #expect(try await !Self.hasWidgetsTable(enterprise, runtime))
                #expect(try await !Self.forgotten(team, runtime))
            }
        }
    }

    static func hasWidgetsTable(_ tenant: TestTenant, _ runtime: Runtime) async throws -> Bool {
        try await value(runtime, "SELECT to_regclass(\(tenant.id.schemaName.name + ".widgets")) IS NOT NULL") ?? false
    }

    static func stamped(_ name: String, of tenant: TestTenant, _ runtime: Runtime) async throws -> Bool {
        try await runtime.database.withTenantTransaction(tenant.id) { connection in
            let rows = try await connection.checkedQuery("SELECT stamped FROM widgets WHERE name = \(name)", logger: runtime.logger)
            for try await stamped in rows.decode(Bool.self) { return stamped }
            return false
        }
    }

    static func usage(of tenant: TestTenant, meter: String, dimension: String? = nil, _ runtime: Runtime) async throws -> Int64 {
        try await value(runtime, """
            SELECT coalesce(sum(quantity), 0)::bigint FROM control.usage_records
            WHERE tenant_id = \(tenant.id.uuid) AND meter = \(meter) AND (\(dimension)::text IS NULL OR dimension = \(dimension))
            """) ?? 0
    }

    static func forgotten(_ tenant: TestTenant, _ runtime: Runtime) async throws -> Bool {
        try await value(runtime, "SELECT EXISTS (SELECT 1 FROM control.throwaway_forgotten WHERE tenant_id = \(tenant.id.uuid))") ?? false
    }

    static func value<Value: PostgresDecodable & Sendable>(_ runtime: Runtime, _ query: PostgresQuery) async throws -> Value? {
        for try await value in try await runtime.database.query(query).decode(Value.self) { return value }
        return nil
    }
}
