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

    /// The job of the period `now` is in: its unique key and when it is due.
    struct PeriodJob {
        let period: Int64
        let uniqueKey: String
        let runAt: Date
    }

    static func job(for tenant: TenantID, at now: Date, period: Duration) -> PeriodJob {
        let seconds = period.seconds
        let current = Int64((now.timeIntervalSince1970 / seconds).rounded(.down))
        // A second past the period's end absorbs a small clock difference between replicas and the database.
        return PeriodJob(
            period: current, uniqueKey: "insights.rollup:\(tenant):\(current)",
            runAt: Date(timeIntervalSince1970: Double(current + 1) * seconds + 1))
    }

    func eventsStored(for tenant: TenantID, at now: Date = Date()) async throws {
        let job = Self.job(for: tenant, at: now, period: period)
        guard enqueued.withLock({ $0[tenant] }) != job.period else { return }
        try await queue.enqueue(
            InsightsJobs.rollup, InsightsJobs.TenantPayload(tenantID: tenant), uniqueKey: job.uniqueKey, runAt: job.runAt)
        enqueued.withLock { $0[tenant] = job.period }
    }
}
