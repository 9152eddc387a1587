import Foundation
import PorticoProvisioning
import PorticoStore
import PostgresNIO
import Testing
@testable import PorticoApp

/// A worker killed in the middle of provisioning: the job comes back after its lease, a second
/// worker completes it, and the tenant ends `active` exactly once.
@Suite(.serialized) struct ProvisioningCrashTests {
    @Test func workerKilledMidProvisionIsRecoveredAndTheTenantActivatesOnce() async throws {
        try await TestDatabase.withFreshMigrated { url, runtime in
            let tenant = try await TestTenants.create(runtime, provision: false)
            let workerEnvironment = ["PORTICO_WORKER_LEASE_SECONDS": "2"]

            // Hold the tenant row so the worker's provisioning transaction blocks on its last
            // step, after it created the schema and ran the migrations.
            let blocker = try await TestDatabase.connect(to: url, id: 99)
            try await blocker.query("BEGIN", logger: runtime.logger)
            try await blocker.query("SELECT 1 FROM control.tenants WHERE id = \(tenant.id.uuid) FOR UPDATE", logger: runtime.logger)

            let doomed = try PorticoProcess(["worker", "--name", "doomed"], databaseURL: url, environment: workerEnvironment)
            try await eventually("the worker blocks inside the provisioning transaction") {
                let rows = try await runtime.database.query("""
                    SELECT count(*) FROM pg_stat_activity
                    WHERE application_name = 'portico-worker' AND wait_event_type = 'Lock' AND datname = \(url.database)
                    """)
                for try await count in rows.decode(Int.self) { return count > 0 }
                return false
            }
            let schemaVisibleMidway = try await schemaExists(tenant, runtime)
            #expect(!schemaVisibleMidway, "uncommitted provisioning must not be visible")
            doomed.kill()
            try await blocker.query("ROLLBACK", logger: runtime.logger)
            try await blocker.close()

            let rescuer = try PorticoProcess(["worker", "--name", "rescuer"], databaseURL: url, environment: workerEnvironment)
            defer { rescuer.stop() }
            try await eventually("the tenant becomes active", timeout: .seconds(30)) {
                let service = runtime.testTenantService()
                return try await service.tenant(tenant.id).status == .active
            }
            let activations = try await runtime.database.query(
                "SELECT count(*) FROM control.tenant_events WHERE tenant_id = \(tenant.id.uuid) AND event = 'activated'")
            for try await count in activations.decode(Int.self) { #expect(count == 1) }
            // The job is marked done after its handler's transaction commits the activation.
            var jobs: [(String, Int)] = []
            try await eventually("the provisioning job is recorded as finished") {
                let job = try await runtime.database.query(
                    "SELECT state, attempts FROM control.jobs WHERE kind = 'tenant.provision' AND payload->>'tenantID' = \(tenant.id.description)")
                jobs = []
                for try await row in job.decode((String, Int).self) { jobs.append(row) }
                return jobs.count != 1 || jobs[0].0 != "running"
            }
            #expect(jobs.count == 1)
            #expect(jobs.first?.0 == "succeeded")
            #expect(jobs.first?.1 == 2, "one attempt died with the worker, the second succeeded")
            #expect(try await schemaExists(tenant, runtime))
            let migrated = try await runtime.database.query(
                "SELECT count(*) FROM control.schema_migrations WHERE schema_name = \(tenant.id.schemaName.name)")
            for try await count in migrated.decode(Int.self) { #expect(count == runtime.migrations.tenant.files.count) }
            #expect(rescuer.stop() == 0, "the worker should exit cleanly on SIGTERM")
        }
    }

    private func schemaExists(_ tenant: TestTenant, _ runtime: Runtime) async throws -> Bool {
        try await runtime.database.withConnection { connection in
            try await TenantSchema.exists(tenant.id, on: connection, logger: runtime.logger)
        }
    }
}
