import Foundation
import PorticoCore
import PorticoProvisioning
import PorticoStore
import PostgresNIO
import Testing
@testable import PorticoApp

/// The Citus rules of the design ("Citus compatibility, as measured") that plain PostgreSQL can
/// check: tenant roles may log in, and provisioning distributes tenant schemas only when asked.
@Suite struct StoreCitusRulesTests {
    /// Citus is not installed here, so asking for distribution makes provisioning fail, naming the
    /// function: it is called, after the migrations, in provisioning's one transaction.
    @Test func provisioningDistributesTheSchemaOnlyWhenAsked() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, provision: false)
            let distributing = runtime.testTenantService(distributeSchemas: true)
            let error = await #expect(throws: (any Error).self) {
                try await distributing.provision(tenant.id)
            }
            #expect(error.map { readableDescription(of: $0) }?.contains("citus_schema_distribute") == true, "\(String(describing: error))")
            let service = runtime.testTenantService()
            let failed = try await service.tenant(tenant.id)
            #expect(failed.status == .failed)
            #expect(failed.statusReason?.contains("citus_schema_distribute") == true, "\(failed.statusReason ?? "")")
            #expect(try await Self.schemaExists(tenant.id, runtime) == false, "the failed attempt leaves no schema behind")

            // Off (the default), the same tenant is provisioned as always.
            try await service.provision(tenant.id, attempt: 2)
            #expect(try await service.tenant(tenant.id).status == .active)
        }
    }

    /// Provisioning makes the role LOGIN, also when a NOLOGIN one already exists (made by an
    /// earlier attempt, or by a replica that predates the rule).
    @Test func provisionedTenantRolesMayLogIn() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            #expect(try await Self.canLogIn(tenant.id.schemaName.name, runtime) == true)

            let older = try await TestTenants.create(runtime, provision: false)
            try await Self.execute(["CREATE ROLE \(older.id.schemaName.quoted) NOLOGIN"], runtime)
            try await runtime.testTenantService()
                .provision(older.id)
            #expect(try await Self.canLogIn(older.id.schemaName.name, runtime) == true)
        }
    }

    /// `0006_tenant_roles_login` lets the existing roles of this database's tenant schemas log in,
    /// and touches no other role: not one of a tenant of another database on the cluster (no schema
    /// here), nor one that is not a tenant's.
    @Test func theControlMigrationLetsExistingTenantRolesLogIn() async throws {
        try await TestDatabase.withShared { runtime in
            let migration = try #require(runtime.migrations.control.files.first { $0.name == "0006_tenant_roles_login.sql" })
            let tenantRole = TenantID.generate().schemaName.name
            let foreignRole = TenantID.generate().schemaName.name
            let otherRole = "t_other_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "")
            try await Self.execute([tenantRole, foreignRole, otherRole].map { "CREATE ROLE \"\($0)\" NOLOGIN" }
                                   + [tenantRole, otherRole].map { "CREATE SCHEMA \"\($0)\"" }, runtime)
            do {
                try await runtime.database.withTransaction { connection in
                    try await connection.executeScript(migration.sql, logger: runtime.logger)
                }
                #expect(try await Self.canLogIn(tenantRole, runtime) == true)
                #expect(try await Self.canLogIn(foreignRole, runtime) == false)
                #expect(try await Self.canLogIn(otherRole, runtime) == false)
            } catch {
                try await Self.dropSchemasAndRoles([tenantRole, foreignRole, otherRole], runtime)
                throw error
            }
            try await Self.dropSchemasAndRoles([tenantRole, foreignRole, otherRole], runtime)
        }
    }

    static func canLogIn(_ role: String, _ runtime: Runtime) async throws -> Bool? {
        for try await value in try await runtime.database.query("SELECT rolcanlogin FROM pg_roles WHERE rolname = \(role)").decode(Bool.self) {
            return value
        }
        return nil
    }

    static func schemaExists(_ tenant: TenantID, _ runtime: Runtime) async throws -> Bool {
        try await runtime.database.withConnection { connection in
            try await TenantSchema.exists(tenant, on: connection, logger: runtime.logger)
        }
    }

    static func dropSchemasAndRoles(_ names: [String], _ runtime: Runtime) async throws {
        try await execute(names.map { "DROP SCHEMA IF EXISTS \"\($0)\"" } + names.map { "DROP ROLE IF EXISTS \"\($0)\"" }, runtime)
    }

    static func execute(_ statements: [String], _ runtime: Runtime) async throws {
        try await runtime.database.withConnection { connection in
            for statement in statements {
                try await connection.execute(PostgresQuery(unsafeSQL: statement), logger: runtime.logger)
            }
        }
    }
}
