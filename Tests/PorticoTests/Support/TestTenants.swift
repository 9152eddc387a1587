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
        let service = TenantService(database: runtime.database, tenantMigrations: runtime.migrations.tenant)
        let slug = uniqueSlug()
        let result = try await service.signUp(.init(organization: "Org \(slug)", slug: slug, adminEmail: "admin@\(slug).example", plan: plan))
        if provision {
            try await service.provision(result.tenant.id, context: .init(jobID: 0, attempt: 1, maxAttempts: 1, logger: runtime.logger))
        }
        return TestTenant(id: result.tenant.id, slug: slug, apiKey: result.apiKey)
    }

    static func createOperator(_ runtime: Runtime) async throws -> String {
        try await OperatorRepository(database: runtime.database).create(name: uniqueSlug("op"))
    }
}
