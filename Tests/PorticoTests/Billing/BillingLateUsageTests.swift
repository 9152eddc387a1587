import Foundation
import Testing

/// Usage is taken up to 35 days back: into the open period, or, for a period already finalized,
/// as an adjustment line on the next invoice that lists what changed.
@Suite struct BillingLateUsageTests {
    @Test func lateUsageForAFinalizedPeriodIsAnAdjustmentOnTheNextInvoice() async throws {
        try await BillingTestBench.with { bench in
            let tenant = try await TestTenants.create(bench.runtime, plan: "team")
            try await bench.advance(tenant, to: "2027-03-01T00:00:00Z")
            try await bench.payAll(tenant)
            try await bench.report(tenant, "api.requests", 5_000_000) // all included
            try await bench.advance(tenant, to: "2027-04-05T00:00:00Z")
            let march = try #require(try await bench.invoice(tenant, periodStart: "2027-03-01T00:00:00Z"))
            #expect(march["status"] as? String == "open")
            #expect(march.int("total") == 49_900)

            // 20 days before the clock: 16 March, in the finalized period.
            try await bench.report(tenant, "api.requests", 1_000_000, daysAgo: 20)
            // 40 days back is beyond the window: not taken at all.
            try await bench.report(tenant, "api.requests", 9_000_000, daysAgo: 40)
            try await bench.advance(tenant, to: "2027-05-01T02:00:00Z")
            let april = try #require(try await bench.invoice(tenant, periodStart: "2027-04-01T00:00:00Z"))
            let adjustments = april.lines("adjustment")
            #expect(adjustments.count == 1)
            #expect(adjustments.first?["meter"] as? String == "api.requests")
            #expect(adjustments.first.flatMap { $0.int("quantity") } == 1_000_000)
            // 10 × 100,000 beyond the included 5,000,000, at 20 each.
            #expect(adjustments.first.flatMap { $0.int("amount") } == 200)
            #expect((adjustments.first?["description"] as? String)?.contains("2027-03") == true)
            #expect(april.int("total") == 50_100, "49,900 + 200")

            // Billed once: the next invoice has no adjustment for it again.
            try await bench.payAll(tenant)
            try await bench.advance(tenant, to: "2027-06-01T02:00:00Z")
            let may = try #require(try await bench.invoice(tenant, periodStart: "2027-05-01T00:00:00Z"))
            #expect(may.lines("adjustment").isEmpty)
        }
    }
}
