import AsyncHTTPClient
import Foundation
import PorticoCore

/// Part `usage`: `GET /v1/billing/usage` over loopback HTTP while a writer records usage through
/// the ledger for the measured tenant and others, against `GET /v1/tenant` (a bare authenticated
/// route) in the same loop. The tenants stand on a test clock on November 30 with the month so
/// far of usage in their daily totals (the run part's generator), so the live invoice is priced
/// from 30 days of totals per meter.
extension BillingBench {
    static let usageGoalMilliseconds = 20.0
    static let usageClock = "2026-11-30T12:00:00Z"
    static let usageTenants = 4

    private struct UsageAnswer: Decodable {
        struct MeterQuantity: Decodable {
            let meter: String
            let quantity: Int64
        }

        let meters: [MeterQuantity]

        var requests: Int64 { meters.first { $0.meter == "api.requests" }?.quantity ?? 0 }
    }

    func measureUsage() async throws {
        let suffix = UUID().uuidString.prefix(6).lowercased()
        var made: [(TenantContext, String)] = []
        for index in 0..<Self.usageTenants {
            made.append(try await makeTenant("bill-usage-\(suffix)-\(index)"))
        }
        let ids = made.map { "('\($0.0.id.uuid)'::uuid)" }
        try await control(BillingFleet.create(count: 0, group: "usage") + ["""
            INSERT INTO \(BillingFleet.table)
            SELECT row_number() OVER (), id, 'usage', 'enterprise', 'enterprise', false, false, false, false, false, false, false, 0
            FROM (VALUES \(ids.joined(separator: ", "))) AS v(id)
            """] + BillingFleet.subscriptions(group: "usage", clock: Self.usageClock)
            + BillingUsageGenerator(requestRecords: sizes.requestRecords).statements(
                group: "usage", from: BillingFleet.periodStart, to: Self.usageClock, hours: 29 * 24 + 12)
            + ["ANALYZE control.usage_totals"])
        let (tenant, key) = made[0]
        let totals = try await scalar("SELECT count(*) FROM control.usage_totals WHERE tenant_id = '\(tenant.id.uuid)'")
        report("usage data: \(Self.usageTenants) enterprise tenants on a test clock at \(Self.usageClock), "
            + "\(totals) daily totals for the measured one")

        let writer = UsageWriter(recorder: runtime.usage, tenants: made.map(\.0.id), batch: sizes.writerBatch)
        try await withServer { client in
            for _ in 0..<20 {
                try await get(client, "/v1/billing/usage", key: key)
                try await get(client, "/v1/tenant", key: key)
            }
            var usage = LatencySample(), bare = LatencySample()
            var first: Int64 = 0, last: Int64 = 0
            let started = ContinuousClock.now
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await writer.run() }
                try await Task.sleep(for: .seconds(1))
                for index in 0..<sizes.usageRequests {
                    try await usage.measure {
                        let answer = try await get(client, "/v1/billing/usage", key: key)
                        let requests = try JSONDecoder().decode(UsageAnswer.self, from: Data(answer.readableBytesView)).requests
                        if index == 0 { first = requests }
                        last = requests
                    }
                    try await bare.measure { try await get(client, "/v1/tenant", key: key) }
                }
                group.cancelAll()
            }
            let seconds = (ContinuousClock.now - started).milliseconds / 1000
            report("usage while writing: \(writer.recordsWritten) records through the ledger in \(String(format: "%.1f", seconds)) s "
                + "(\(String(format: "%.0f", Double(writer.recordsWritten) / seconds))/s over \(Self.usageTenants) tenants); "
                + "the measured tenant's api.requests went from \(first) to \(last) in its answers")
            report("GET /v1/billing/usage: p50 \(Self.ms(usage.p50)), p95 \(Self.ms(usage.p95)), p99 \(Self.ms(usage.p99)) over \(sizes.usageRequests) requests "
                + "(goal p99 ≤ \(Int(Self.usageGoalMilliseconds)) ms: \(usage.p99 <= Self.usageGoalMilliseconds ? "met" : "NOT met"))")
            report("GET /v1/tenant (baseline): p50 \(Self.ms(bare.p50)), p95 \(Self.ms(bare.p95)), p99 \(Self.ms(bare.p99)); "
                + "usage / baseline: p50 \(Self.ratio(usage.p50, bare.p50)), p99 \(Self.ratio(usage.p99, bare.p99))")
        }
    }
}
