import Foundation
import PorticoCore
import PorticoStore
import PostgresNIO
import Testing
@testable import PorticoApp
@testable import PorticoBilling

/// A worker killed in the middle of a billing run, and a second worker rerunning it: every
/// period is invoiced exactly once, and invoice numbers stay sequential without gaps.
@Suite(.serialized) struct BillingCrashTests {
    @Test func aWorkerKilledMidRunAndARerunMakeOneInvoicePerPeriod() async throws {
        try await TestDatabase.withFreshMigrated { url, runtime in
            let queue = JobQueue(database: runtime.database)
            let billing = try #require(try runtime.modules(queue: queue).module(BillingModule.self))
            var tenants: [TestTenant] = []
            for index in 0..<6 {
                let tenant = try await TestTenants.create(runtime, plan: "enterprise")
                _ = try await billing.service.lifecycle.subscription(of: tenant.id, plan: "enterprise")
                // The first three close only their first period (its draft not yet due to be
                // finalized); the others three periods, finalized and numbered.
                let clock = index < 3 ? "2027-01-01T00:30:00Z" : "2027-03-01T02:00:00Z"
                try await runtime.database.withTransaction { connection in
                    try await TenantClocks(database: runtime.database).set(tenant.id, to: try Date(clock, strategy: .iso8601), on: connection)
                }
                tenants.append(tenant)
            }
            // The first three downgrade at the end of their first period, which changes their plan
            // in `control.tenants` as the last step of their transactions: holding those rows stops
            // the run there, with their invoices made but not committed.
            let blocked = Array(tenants.prefix(3)), free = Array(tenants.suffix(3))
            try await runtime.database.query("""
                UPDATE control.billing_subscriptions SET scheduled_plan = 'team', scheduled_version = 1
                WHERE tenant_id = ANY(\(blocked.map(\.id.uuid)))
                """)
            let blocker = try await TestDatabase.connect(to: url, id: 98)
            try await blocker.query("BEGIN", logger: runtime.logger)
            try await blocker.query("SELECT 1 FROM control.tenants WHERE id = ANY(\(blocked.map(\.id.uuid))) FOR NO KEY UPDATE", logger: runtime.logger)

            let environment = ["PORTICO_BILLING_RUN_INTERVAL_SECONDS": "5", "PORTICO_WORKER_LEASE_SECONDS": "2"]
            let doomed = try PorticoProcess(["worker", "--name", "doomed"], databaseURL: url, environment: environment)
            try await eventually("the others are billed while the run waits inside the blocked tenants' transactions") {
                let waiting = try await Self.count(runtime, """
                    SELECT count(*)::int FROM pg_stat_activity
                    WHERE application_name = 'portico-worker' AND wait_event_type = 'Lock' AND datname = \(url.database)
                    """)
                let billed = try await Self.invoiceCount(runtime, of: free)
                return waiting == blocked.count && billed == 3 * free.count
            }
            #expect(try await Self.invoiceCount(runtime, of: blocked) == 0, "uncommitted invoices are not visible")
            doomed.kill()
            try await blocker.query("ROLLBACK", logger: runtime.logger)
            try await blocker.close()

            let rescuer = try PorticoProcess(["worker", "--name", "rescuer"], databaseURL: url, environment: environment)
            defer { rescuer.stop() }
            try await eventually("the rerun bills the rest", timeout: .seconds(60)) {
                try await Self.invoiceCount(runtime, of: blocked) == blocked.count
            }
            // Every tenant its partial first period, and the others January and February, once each.
            let perPeriod = try await Self.count(runtime, """
                SELECT count(*)::int FROM (
                    SELECT tenant_id, period_start FROM control.billing_invoices GROUP BY 1, 2 HAVING count(*) > 1) d
                """)
            #expect(perPeriod == 0)
            #expect(try await Self.invoiceCount(runtime, of: tenants) == 12)
            let numbers = try await runtime.database.query(
                "SELECT number FROM control.billing_invoices WHERE number IS NOT NULL ORDER BY number")
            var taken: [String] = []
            for try await number in numbers.decode(String.self) { taken.append(number) }
            #expect(taken == (1...9).map { String(format: "PORTICO-%06d", $0) }, "sequential without gaps")
            #expect(try await Self.count(runtime, """
                SELECT count(*)::int FROM control.tenants WHERE id = ANY(\(blocked.map(\.id.uuid))) AND plan = 'team'
                """) == blocked.count, "the downgrades happened once the run got through")
            #expect(rescuer.stop() == 0)
        }
    }

    static func invoiceCount(_ runtime: Runtime, of tenants: [TestTenant]) async throws -> Int {
        try await count(runtime, "SELECT count(*)::int FROM control.billing_invoices WHERE tenant_id = ANY(\(tenants.map(\.id.uuid)))")
    }

    static func count(_ runtime: Runtime, _ query: PostgresQuery) async throws -> Int {
        for try await value in try await runtime.database.query(query).decode(Int.self) { return value }
        return 0
    }
}
