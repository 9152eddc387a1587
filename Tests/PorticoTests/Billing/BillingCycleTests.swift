import Foundation
import Testing

/// A month passing on a test clock: one invoice per period, a draft during its grace, then
/// finalized and numbered; base fees prorated to the second across an upgrade; downgrades and
/// cancellations at the period's end.
@Suite struct BillingCycleTests {
    @Test func monthsPassOnATestClockAndEachPeriodIsInvoicedOnce() async throws {
        try await BillingTestBench.with(fresh: true) { bench in
            let tenant = try await TestTenants.create(bench.runtime, plan: "team")
            // Starts the subscription on the clock mid-January, then closes that partial first
            // period and February.
            try await bench.advance(tenant, to: "2027-01-10T00:00:00Z")
            try await bench.advance(tenant, to: "2027-03-01T00:00:00Z")
            try await bench.payAll(tenant)
            try await bench.report(tenant, "api.requests", 7_000_000)
            try await bench.report(tenant, "insights.events", 12_000_000)
            try await bench.advance(tenant, to: "2027-04-01T00:30:00Z")
            let draft = try #require(try await bench.invoice(tenant, periodStart: "2027-03-01T00:00:00Z"))
            #expect(draft["status"] as? String == "draft", "within the hour's grace")
            #expect(draft["number"] == nil)

            try await bench.report(tenant, "api.requests", 1_000_000, daysAgo: 1) // late, within the grace
            let report = try await bench.advance(tenant, to: "2027-04-01T01:00:01Z")
            #expect(report["invoicesFinalized"] as? Int == 1)
            let march = try #require(try await bench.invoice(tenant, periodStart: "2027-03-01T00:00:00Z"))
            #expect(march["status"] as? String == "open")
            #expect((march["number"] as? String)?.hasPrefix("PORTICO-") == true)
            #expect(march["periodEnd"] as? String == "2027-04-01T00:00:00Z")
            // Base 49,900; requests 8,000,000 - 5,000,000 included = 3,000,000 = 30 × 100,000 at 20;
            // events 12,000,000 - 2,000,000 = 10,000,000: 1,000 × 10,000 at 5 (to 10M) = 5,000.
            #expect(march.lines("base").map { $0.int("amount") } == [49_900])
            #expect(march.lines("usage").filter { $0["meter"] as? String == "api.requests" }.compactMap { $0.int("amount") }.reduce(0, +) == 600)
            #expect(march.lines("usage").filter { $0["meter"] as? String == "insights.events" }.compactMap { $0.int("amount") }.reduce(0, +) == 5_000)
            #expect(march.int("subtotal") == 55_500)
            #expect(march.int("total") == 55_500)

            // Running again at the same time, or twice at once (on two connections), makes nothing new.
            let port = try #require(bench.client.port)
            async let first = RawHTTP.post(port: port, "/admin/v1/billing/runs", token: bench.operatorToken, json: [:])
            async let second = RawHTTP.post(port: port, "/admin/v1/billing/runs", token: bench.operatorToken, json: [:])
            let runs = try await [first, second]
            #expect(runs.map(\.status) == [200, 200], "\(runs.map(\.json))")
            let periods = try await bench.invoices(tenant).compactMap { $0["periodStart"] as? String }
            #expect(periods.count == Set(periods).count, "one invoice per period")
            #expect(periods == ["2027-01-10T00:00:00Z", "2027-02-01T00:00:00Z", "2027-03-01T00:00:00Z"])
            let numbers = try await bench.invoices(tenant).compactMap { $0["number"] as? String }
            #expect(Set(numbers).count == numbers.count)
        }
    }

    @Test func anUpgradeMidMonthIsProratedToTheSecondAndADowngradeWaitsForThePeriodsEnd() async throws {
        try await BillingTestBench.with { bench in
            let tenant = try await TestTenants.create(bench.runtime, plan: "team")
            try await bench.advance(tenant, to: "2027-02-20T00:00:00Z")
            try await bench.advance(tenant, to: "2027-03-16T00:00:00Z")
            try await bench.payAll(tenant)
            let upgraded = try await bench.client.call(.post, "/v1/billing/subscription", token: tenant.apiKey, json: ["plan": "enterprise"])
            #expect(upgraded.status == .ok)
            #expect(upgraded.json["plan"] as? String == "enterprise")
            try await bench.advance(tenant, to: "2027-04-10T00:00:00Z")
            try await bench.payAll(tenant)
            let march = try #require(try await bench.invoice(tenant, periodStart: "2027-03-01T00:00:00Z"))
            // 15 of March's 31 days on team (49,900 × 15/31 = 24,145.16), 16 on enterprise
            // (249,900 × 16/31 = 128,980.6).
            #expect(march.lines("base").compactMap { $0.int("amount") } == [24_145, 128_981])

            let downgraded = try await bench.client.call(.post, "/v1/billing/subscription", token: tenant.apiKey, json: ["plan": "team"])
            #expect(downgraded.json["plan"] as? String == "enterprise", "until the period ends")
            #expect((downgraded.json["scheduledChange"] as? [String: Any])?["plan"] as? String == "team")
            try await bench.advance(tenant, to: "2027-05-01T02:00:00Z")
            let april = try #require(try await bench.invoice(tenant, periodStart: "2027-04-01T00:00:00Z"))
            #expect(april.lines("base").compactMap { $0.int("amount") } == [249_900])
            #expect(try await bench.subscription(tenant)["plan"] as? String == "team")
            try await eventually("the tenant's entitlements follow the subscription") {
                try await bench.client.call(.get, "/v1/tenant", token: tenant.apiKey).json["plan"] as? String == "team"
            }
        }
    }

    @Test func aCancellationAtOnceInvoicesThePeriodSoFarAndMovesTheTenantToFree() async throws {
        try await BillingTestBench.with { bench in
            let tenant = try await TestTenants.create(bench.runtime, plan: "team")
            try await bench.advance(tenant, to: "2028-01-20T00:00:00Z")
            try await bench.advance(tenant, to: "2028-02-15T12:00:00Z")
            try await bench.payAll(tenant)
            let canceled = try await bench.client.call(.post, "/v1/billing/subscription", token: tenant.apiKey, json: ["cancel": "now"])
            #expect(canceled.json["status"] as? String == "canceled")
            try await bench.advance(tenant, to: "2028-02-15T13:00:01Z")
            let february = try #require(try await bench.invoice(tenant, periodStart: "2028-02-01T00:00:00Z"))
            #expect(february["periodEnd"] as? String == "2028-02-15T12:00:00Z")
            // 14.5 days of a 29-day February (2028 is a leap year): 49,900 / 2 = 24,950.
            #expect(february.lines("base").compactMap { $0.int("amount") } == [24_950])
            try await eventually("the tenant is on the free plan") {
                try await bench.client.call(.get, "/v1/tenant", token: tenant.apiKey).json["plan"] as? String == "free"
            }
            try await bench.advance(tenant, to: "2028-04-01T02:00:00Z")
            #expect(try await bench.invoice(tenant, periodStart: "2028-03-01T00:00:00Z") == nil, "nothing after the cancellation")
        }
    }
}
