import Foundation
import PorticoProvisioning
import PorticoStore
import Testing
@testable import PorticoApp

/// A provisioning attempt that fails leaves the tenant `failed` with the reason and nothing half
/// made; the retried job then succeeds.
@Suite struct ProvisioningFailureTests {
    @Test func failedProvisioningIsRecordedAndRetryable() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, provision: false)
            let broken = MigrationSet(files: runtime.migrations.tenant.files + [
                MigrationFile(module: "catalog", version: 9_999, name: "9999_broken.sql", sql: "CREATE TABLE settings (id int)"),
            ])
            await #expect(throws: (any Error).self) {
                try await runtime.testTenantService(tenantMigrations: broken).provision(tenant.id)
            }
            let service = runtime.testTenantService()
            let failed = try await service.tenant(tenant.id)
            #expect(failed.status == .failed)
            #expect(failed.statusReason?.contains("already exists") == true)
            let schemaExists = try await runtime.database.withConnection { connection in
                try await TenantSchema.exists(tenant.id, on: connection, logger: runtime.logger)
            }
            #expect(!schemaExists, "a failed attempt leaves no schema behind")

            try await service.provision(tenant.id, attempt: 2)
            #expect(try await service.tenant(tenant.id).status == .active)
        }
    }
}
