import Foundation
import PorticoApp
import PorticoCore
import PorticoProvisioning
import PorticoStore

/// Tenants made for one test: unique slugs, provisioned in-process so a test does not need a worker.
struct TestTenant: Sendable {
    let id: TenantID
    let slug: String
    let apiKey: String
}

enum TestTenants {
    static func uniqueSlug(_ prefix: String = "t") -> String {
        "\(prefix)-\(UUID().uuidString.lowercased().prefix(12))"
    }

    static func create(_ runtime: Runtime, plan: String = "team", provision: Bool = true) async throws -> TestTenant {
        let service = runtime.testTenantService()
        let slug = uniqueSlug()
        let result = try await service.signUp(.init(organization: "Org \(slug)", slug: slug, adminEmail: "admin@\(slug).example", plan: plan))
        if provision {
            try await service.provision(result.tenant.id)
        }
        return TestTenant(id: result.tenant.id, slug: slug, apiKey: result.apiKey)
    }

    static func createOperator(_ runtime: Runtime) async throws -> String {
        try await OperatorRepository(database: runtime.database).create(name: uniqueSlug("op"))
    }
}

extension Runtime {
    /// The provisioning service over this runtime's plans and deletion steps; `tenantMigrations`
    /// replaces the build's tenant migrations (tests of a failing migration).
    func testTenantService(tenantMigrations: MigrationSet? = nil, distributeSchemas: Bool = false) -> TenantService {
        TenantService(
            database: database, plans: plans, tenantMigrations: tenantMigrations ?? migrations.tenant,
            tenantDeletion: tenantDeletion, distributeSchemas: distributeSchemas)
    }
}
