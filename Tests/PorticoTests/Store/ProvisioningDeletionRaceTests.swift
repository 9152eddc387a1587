import Foundation
import PorticoCore
import PorticoGateway
import PorticoProvisioning
import PorticoStore
import Testing
@testable import PorticoApp

/// A tenant deleted while its provisioning job runs: whatever the interleaving, once both jobs
/// have run there is neither a schema nor a role left for it.
@Suite struct ProvisioningDeletionRaceTests {
    @Test func provisioningAndDeletionAtOnceLeaveNoOrphanSchemaOrRole() async throws {
        try await TestDatabase.withShared { runtime in
            let service = runtime.testTenantService()
            let actor = try await Self.someOperator(runtime)
            var tenants: [TenantID] = []
            do {
                for round in 0..<20 {
                    let tenant = try await TestTenants.create(runtime, provision: false)
                    tenants.append(tenant.id)
                    try await Self.race(tenant, round: round, service: service, actor: actor, runtime)
                }
            } catch {
                await Self.dropLeftovers(tenants, runtime)
                throw error
            }
            await Self.dropLeftovers(tenants, runtime)
        }
    }

    /// The tenant's provisioning job and an operator's deletion (then its deletion job) at once.
    static func race(
        _ tenant: TestTenant, round: Int, service: TenantService, actor: AuthenticatedOperator, _ runtime: Runtime
    ) async throws {
        async let provisioned: Void = service.provision(tenant.id)
        async let deleted: Void = {
            // Provisioning gets a head start of 0-40 ms on even rounds: deletion lands at different points of it.
            if round.isMultiple(of: 2) { try await Task.sleep(for: .milliseconds(round % 5 * 10)) }
            _ = try await service.delete(tenant.slug, by: actor)
            try await service.destroy(tenant.id)
        }()
        try await provisioned
        try await deleted

        #expect(try await service.tenant(tenant.id).status == .deleted, "round \(round)")
        let leftovers = try await schemaAndRole(of: tenant.id, runtime)
        #expect(leftovers.isEmpty, "round \(round): \(leftovers) left behind")
    }

    static func someOperator(_ runtime: Runtime) async throws -> AuthenticatedOperator {
        let name = TestTenants.uniqueSlug("op")
        _ = try await OperatorRepository(database: runtime.database).create(name: name)
        let rows = try await runtime.database.query("SELECT id FROM control.operators WHERE name = \(name)")
        for try await id in rows.decode(UUID.self) { return AuthenticatedOperator(id: id, name: name) }
        throw TimedOut(description: "operator \(name) not found")
    }

    /// "schema" and/or "role" when they exist for the tenant.
    static func schemaAndRole(of tenant: TenantID, _ runtime: Runtime) async throws -> [String] {
        let name = tenant.schemaName.name
        let rows = try await runtime.database.query("""
            SELECT 'schema' FROM pg_namespace WHERE nspname = \(name)
            UNION ALL SELECT 'role' FROM pg_roles WHERE rolname = \(name)
            """)
        var found: [String] = []
        for try await what in rows.decode(String.self) { found.append(what) }
        return found
    }

    /// Roles are cluster-wide: whatever a failing run left must not outlive the test.
    static func dropLeftovers(_ tenants: [TenantID], _ runtime: Runtime) async {
        for tenant in tenants {
            _ = try? await runtime.database.withTransaction { connection in
                try await TenantSchema.drop(tenant, on: connection, logger: runtime.logger)
            }
        }
    }
}
