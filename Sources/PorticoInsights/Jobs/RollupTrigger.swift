import Foundation
import PorticoCore
import PorticoStore
import Synchronization

/// Makes sure a rollup runs after events were stored, at most one per tenant per period.
///
/// Each period has its own job, keyed by the period and due just after it ends. A job cannot start
/// before its period is over, so when events are stored during a period the job that is already
/// pending for it (or the one enqueued now) starts after they committed and takes them: no event
/// waits for a later batch to be rolled up. A process remembers the period it last enqueued for
/// each tenant and enqueues nothing more until the next.
final class RollupTrigger: Sendable {
    let queue: JobQueue
    let period: Duration
    private let enqueued = Mutex<[TenantID: Int64]>([:])

    init(queue: JobQueue, period: Duration) {
        self.queue = queue
        self.period = period
    }

    func eventsStored(for tenant: TenantID, at now: Date = Date()) async throws {
        let seconds = period.seconds
        let current = Int64((now.timeIntervalSince1970 / seconds).rounded(.down))
        guard enqueued.withLock({ $0[tenant] }) != current else { return }
        // A second past the period's end absorbs a small clock difference between replicas and the database.
        let runAt = Date(timeIntervalSince1970: Double(current + 1) * seconds + 1)
        try await queue.enqueue(
            InsightsJobs.rollup, InsightsJobs.TenantPayload(tenantID: tenant),
            uniqueKey: "insights.rollup:\(tenant):\(current)", runAt: runAt)
        enqueued.withLock { $0[tenant] = current }
    }
}
