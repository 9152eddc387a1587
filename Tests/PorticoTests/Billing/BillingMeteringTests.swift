import Foundation
import HTTPTypes
import PorticoApp
import PorticoCore
import Testing

/// Usage counted exactly: every admitted request once, also across two `serve` replicas; a key
/// reported twice, even at once, counts once; the tenant sees it live with its upcoming invoice.
@Suite struct BillingMeteringTests {
    @Test func everyAdmittedRequestIsCountedOnceAcrossTwoReplicas() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "team")
            let sent = (first: 23, second: 31)
            try await LiveServer.with(runtime) { first in
                try await LiveServer.with(runtime) { second in
                    var statuses: [HTTPResponse.Status] = []
                    for _ in 0..<sent.first { statuses.append(try await first.call(.get, "/v1/tenant", token: tenant.apiKey).status) }
                    for _ in 0..<sent.second { statuses.append(try await second.call(.get, "/v1/tenant", token: tenant.apiKey).status) }
                    #expect(statuses.allSatisfy { $0 == .ok })
                    // Refused requests are not admitted: they are not counted.
                    let refused = try await second.call(.get, "/v1/tenant", token: "pk_live_nonsense").status
                    #expect(refused == .unauthorized)
                }
            }
            // Both replicas flushed what they counted when they stopped.
            let counted = try await Self.total(runtime, tenant, "api.requests")
            #expect(counted == Int64(sent.first + sent.second))
            let seats = try await Self.total(runtime, tenant, "seats")
            #expect(seats == 1, "one key used: one seat, though both replicas saw it")
        }
    }

    @Test func theSameUsageKeyReportedTwiceAndConcurrentlyCountsOnce() async throws {
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime, plan: "team")
            let record = UsageRecord(
                tenant: tenant.id, meter: Meter("aika.questions"), quantity: 7, idempotencyKey: "question:42", occurredAt: Date())
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<16 { group.addTask { try await runtime.usage.record([record, record]) } }
                try await group.waitForAll()
            }
            try await runtime.usage.record([record])
            #expect(try await Self.total(runtime, tenant, "aika.questions") == 7)
            let stored = try await runtime.database.query("""
                SELECT count(*)::int FROM control.usage_records WHERE tenant_id = \(tenant.id.uuid) AND meter = 'aika.questions'
                """)
            for try await count in stored.decode(Int.self) { #expect(count == 1) }
        }
    }

    @Test func theTenantSeesItsUsageAndUpcomingInvoiceLive() async throws {
        try await BillingTestBench.with { bench in
            let tenant = try await TestTenants.create(bench.runtime, plan: "team")
            try await bench.advance(tenant, to: "2027-09-01T00:00:00Z")
            try await bench.report(tenant, "insights.events", 2_500_000)
            let usage = try await bench.client.call(.get, "/v1/billing/usage", token: tenant.apiKey)
            #expect(usage.status == .ok)
            let period = try #require(usage.json["period"] as? [String: Any])
            #expect(period["start"] as? String == "2027-09-01T00:00:00Z")
            #expect(period["end"] as? String == "2027-10-01T00:00:00Z")
            let meters = try #require(usage.json["meters"] as? [[String: Any]])
            let events = try #require(meters.first { $0["meter"] as? String == "insights.events" })
            #expect(events.int("quantity") == 2_500_000)
            #expect(events.int("included") == 2_000_000)
            let upcoming = try #require(usage.json["upcomingInvoice"] as? [String: Any])
            // The whole month's base fee and 50 × 10,000 events beyond the included at 5.
            #expect(upcoming.int("total") == 50_150)
            #expect(upcoming["currency"] as? String == "USD")
        }
    }

    static func total(_ runtime: Runtime, _ tenant: TestTenant, _ meter: String) async throws -> Int64 {
        for try await total in try await runtime.database.query("""
            SELECT coalesce(sum(quantity), 0)::bigint FROM control.usage_totals WHERE tenant_id = \(tenant.id.uuid) AND meter = \(meter)
            """).decode(Int64.self) {
            return total
        }
        return 0
    }
}
