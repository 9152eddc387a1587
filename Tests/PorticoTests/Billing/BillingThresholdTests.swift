import Foundation
import PorticoCore
import Testing
@testable import PorticoBilling

/// `usage.threshold_reached` is announced once per meter, threshold and period.
@Suite struct BillingThresholdTests {
    @Test func crossingAnIncludedQuantityIsAnnouncedOnce() async throws {
        try await BillingTestBench.with { bench in
            let tenant = try await TestTenants.create(bench.runtime, plan: "team")
            try await bench.advance(tenant, to: "2027-03-01T00:00:00Z")
            let thresholds = UsageThresholds(database: bench.runtime.database)
            try await bench.report(tenant, "api.requests", 4_500_000)
            let first = try await thresholds.check().filter { $0.tenantId == tenant.id }
            #expect(first.map(\.percent) == [80])
            #expect(first.first?.meter == "api.requests")
            #expect(first.first?.reachedAt == BillingTestBench.iso("2027-03-01T00:00:00Z"), "at the tenant's clock")

            try await bench.report(tenant, "api.requests", 600_000)
            #expect(try await thresholds.check().filter { $0.tenantId == tenant.id }.map(\.percent) == [100])
            #expect(try await thresholds.check().filter { $0.tenantId == tenant.id }.isEmpty, "announced once")

            let events = try await bench.runtime.database.query("""
                SELECT count(*)::int FROM control.billing_webhook_events WHERE tenant_id = \(tenant.id.uuid) AND type = 'usage.threshold_reached'
                """)
            for try await count in events.decode(Int.self) { #expect(count == 2) }

            // The next period starts again from nothing.
            try await bench.payAll(tenant)
            try await bench.advance(tenant, to: "2027-04-01T00:00:00Z")
            try await bench.report(tenant, "api.requests", 4_000_000)
            #expect(try await thresholds.check().filter { $0.tenantId == tenant.id }.map(\.percent) == [80])
        }
    }
}
