import Foundation
import PorticoCore

/// Part `metering`: wrk on `GET /v1/tenant` (an authenticated tenant route) against the in-process
/// server with the request usage meter and the same server built without it, alternating rounds,
/// then what a replica killed between two flushes loses.
extension BillingBench {
    static let meteringGoal = 0.95

    func measureMetering() async throws {
        let (tenant, key) = try await makeTenant("bill-meter-\(UUID().uuidString.prefix(6).lowercased())")
        // As gateway.sh does: no request may be rate limited.
        try await control(["UPDATE control.tenants SET rate_limit_override = 1000000 WHERE id = '\(tenant.id.uuid)'"])
        let counted = "SELECT sum(quantity)::bigint FROM control.usage_records WHERE tenant_id = '\(tenant.id.uuid)' AND meter = 'api.requests'"
        var metered: [WrkRun] = [], bare: [WrkRun] = []
        var meteredRequests = 0
        let before = try await scalar(counted)
        for round in 1...sizes.wrkRounds {
            for metersRequests in [true, false] {
                let measured = try await wrkRound(key: key, metersRequests: metersRequests)
                let label = metersRequests ? "metered" : "without metering"
                report("metering round \(round) \(label): \(String(format: "%.0f", measured.run.requestsPerSecond)) req/s, "
                    + "p50 \(Self.ms(measured.run.p50)), p99 \(Self.ms(measured.run.p99)), non-2xx \(measured.run.non2xx)")
                if metersRequests {
                    metered.append(measured.run)
                    meteredRequests += measured.all
                } else {
                    bare.append(measured.run)
                }
            }
        }
        let recorded = try await scalar(counted) - before
        func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
        let ratio = median(metered.map(\.requestsPerSecond)) / median(bare.map(\.requestsPerSecond))
        // The host's speed drifts between rounds; each round's pair ran back to back.
        let paired = median(zip(metered, bare).map { $0.requestsPerSecond / $1.requestsPerSecond })
        report("metering: median \(String(format: "%.0f", median(metered.map(\.requestsPerSecond)))) req/s metered vs "
            + "\(String(format: "%.0f", median(bare.map(\.requestsPerSecond)))) without = \(String(format: "%.3f", ratio)); "
            + "median of the rounds' ratios \(String(format: "%.3f", paired)) (goal ≥ \(Self.meteringGoal): \(paired >= Self.meteringGoal ? "met" : "NOT met")); "
            + "api.requests recorded \(recorded) for \(meteredRequests) requests wrk sent to the metered server (warm-ups included; "
            + "the bench stops each server by cancellation, which drops its last second's report)")
        try await ReplicaKillProbe(bench: self, tenant: tenant, key: key).run()
    }

    /// A warm-up and a measured wrk run against a fresh in-process server; `all` counts both.
    private func wrkRound(key: String, metersRequests: Bool) async throws -> (run: WrkRun, all: Int) {
        var result: (WrkRun, Int)?
        try await withServer(metersRequests: metersRequests) { _ in
            let url = base + "/v1/tenant"
            let warmUp = try await WrkRun.run(wrk, url: url, key: key, seconds: 3, connections: sizes.wrkConnections)
            let run = try await WrkRun.run(wrk, url: url, key: key, seconds: sizes.wrkSeconds, connections: sizes.wrkConnections)
            // The last interval's counts are reported when the server stops, after this.
            result = (run, warmUp.requests + run.requests)
        }
        guard let result else { throw CancellationError() }
        return result
    }
}
