import Foundation
import Logging
import PorticoCore
import PorticoGateway
import Synchronization
import Testing

/// The gateway's request count is reported in batches; a batch that failed is sent again with the
/// same idempotency keys, so a report that did land (its answer lost) still counts once.
@Suite struct RequestUsageMeterTests {
    /// Fails the first `failures` reports, then keeps every batch it is given.
    final class FlakyRecorder: UsageRecorder {
        private let state: Mutex<(failuresLeft: Int, batches: [[UsageRecord]])>

        init(failures: Int) { state = Mutex((failures, [])) }

        func record(_ records: [UsageRecord]) async throws {
            try state.withLock { state in
                state.batches.append(records)
                if state.failuresLeft > 0 {
                    state.failuresLeft -= 1
                    throw CancellationError()
                }
            }
        }

        var batches: [[UsageRecord]] { state.withLock { $0.batches } }
    }

    @Test func countsAreBatchedPerTenantAndGroupAndAFailedBatchIsRetriedWithItsKeys() async {
        let recorder = FlakyRecorder(failures: 1)
        let meter = RequestUsageMeter(recorder: recorder, logger: Logger(label: "test"))
        let a = TenantID.generate(), b = TenantID.generate()
        let keyA = UUID(), keyB = UUID()
        let catalog = meter.counter(for: "catalog"), provisioning = meter.counter(for: "provisioning")
        #expect(meter.counter(for: "catalog") === catalog)
        for _ in 0..<3 { catalog.count(a, key: keyA) }
        provisioning.count(a, key: keyA)
        catalog.count(b, key: keyB)
        await meter.report()
        catalog.count(b, key: keyB)
        await meter.report()
        await meter.report()

        let batches = recorder.batches.map { $0.filter { $0.meter == RequestUsageMeter.meter } }
        #expect(batches.count == 2, "the empty third report sends nothing")
        let failed = batches[0], retried = batches[1]
        // Keys are unique per tenant and meter, as the ledger stores them.
        let failedKeys = Set(failed.map { "\($0.tenant) \($0.idempotencyKey)" })
        #expect(failedKeys.count == 3)
        #expect(failedKeys.isSubset(of: Set(retried.map { "\($0.tenant) \($0.idempotencyKey)" })), "the retry keeps the keys")
        #expect(retried.count == 4, "the failed batch and the new count")
        let totals = Dictionary(grouping: retried, by: { "\($0.tenant) \($0.dimension)" }).mapValues { $0.reduce(0) { $0 + $1.quantity } }
        #expect(totals["\(a) catalog"] == 3)
        #expect(totals["\(a) provisioning"] == 1)
        #expect(totals["\(b) catalog"] == 2)

        // Each key used is a seat of its tenant for the month, reported once by this replica
        // (again only with the failed batch it was part of).
        let seats = recorder.batches.last!.filter { $0.meter == .seats }
        #expect(Set(seats.map { "\($0.tenant) \($0.idempotencyKey)" }).count == 2)
        #expect(seats.allSatisfy { $0.dimension == Meter.seatsFromKeys && $0.quantity == 1 })
        #expect(Set(seats.map(\.tenant)) == [a, b])
    }
}
