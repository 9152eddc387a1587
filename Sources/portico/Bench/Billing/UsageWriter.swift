import Foundation
import PorticoCore
import Synchronization

/// Usage flowing in while `GET /v1/billing/usage` is measured: every `pause`, one batch through
/// the usage port (the ledger's one statement) of `api.requests` and `insights.events` records
/// spread over `tenants`, each record new, as the gateway and Insights report them.
final class UsageWriter: Sendable {
    let recorder: any UsageRecorder
    let tenants: [TenantID]
    let batch: Int
    let pause: Duration
    private let written = Atomic<Int>(0)

    init(recorder: any UsageRecorder, tenants: [TenantID], batch: Int, pause: Duration = .milliseconds(20)) {
        self.recorder = recorder
        self.tenants = tenants
        self.batch = batch
        self.pause = pause
    }

    var recordsWritten: Int { written.load(ordering: .relaxed) }

    /// Writes until cancelled.
    func run() async throws {
        let run = UUID().uuidString.prefix(8).lowercased()
        var sequence = 0
        while !Task.isCancelled {
            sequence += 1
            let records = (0..<batch).map { index in
                let meter = index % 2 == 0 ? Meter("api.requests") : Meter("insights.events")
                return UsageRecord(
                    tenant: tenants[index % tenants.count], meter: meter, dimension: meter.name == "api.requests" ? "catalog" : "",
                    quantity: Int64(1 + index % 7), idempotencyKey: "bench-writer:\(run):\(sequence):\(index)", occurredAt: Date())
            }
            try await recorder.record(records)
            written.add(records.count, ordering: .relaxed)
            try await Task.sleep(for: pause)
        }
    }
}
