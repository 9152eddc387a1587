import Foundation
import Logging
import PorticoCore
import PorticoStore

/// Sends due webhook deliveries: claims a bounded, per-tenant-fair batch (committed at once), sends
/// each through the SSRF-guarded outbound client with a deadline per attempt, several at a time,
/// and records each outcome. No transaction is open while a request is in flight.
struct WebhookDispatcher: Sendable {
    struct Limits: Sendable {
        /// Deliveries claimed per run.
        var perRun = 64
        /// Deliveries of one tenant claimed per run: its slow endpoints hold at most this many slots.
        var perTenant = 8
        /// Attempts in flight at once.
        var concurrency = 16
    }

    /// What one run did.
    struct Report: Sendable, Equatable {
        var succeeded = 0
        var retrying = 0
        var failed = 0
        var attempted: Int { succeeded + retrying + failed }
    }

    let store: WebhookDeliveryStore
    let outbound: any OutboundHTTP
    let attemptTimeout: Duration
    let schedule: WebhookRetrySchedule
    let limits: Limits
    let logger: Logger

    init(
        database: Database, outbound: any OutboundHTTP, attemptTimeout: Duration, schedule: WebhookRetrySchedule = .standard,
        limits: Limits = Limits()
    ) {
        store = WebhookDeliveryStore(database: database)
        self.outbound = outbound
        self.attemptTimeout = attemptTimeout
        self.schedule = schedule
        self.limits = limits
        logger = database.logger
    }

    /// One run at `now` (the job passes the wall clock; tests pass later times to reach retries).
    func deliverDue(at now: Date = Date()) async throws -> Report {
        // A claimed attempt is due again only if its worker died: well after its deadline.
        let lease = now.addingTimeInterval(Double(attemptTimeout.components.seconds) + 60)
        let claimed = try await store.claimDue(at: now, leasedUntil: lease, perTenant: limits.perTenant, limit: limits.perRun)
        return try await withThrowingTaskGroup(of: WebhookMetrics.Outcome.self) { group in
            var report = Report()
            var next = claimed.makeIterator()
            func tally(_ outcome: WebhookMetrics.Outcome) {
                WebhookMetrics.delivery(outcome)
                switch outcome {
                case .succeeded: report.succeeded += 1
                case .failed: report.failed += 1
                case .retrying, .refused: report.retrying += 1
                }
            }
            for _ in 0..<limits.concurrency {
                guard let delivery = next.next() else { break }
                group.addTask { try await attempt(delivery, at: now) }
            }
            while let outcome = try await group.next() {
                tally(outcome)
                if let delivery = next.next() { group.addTask { try await attempt(delivery, at: now) } }
            }
            return report
        }
    }

    private func attempt(_ delivery: WebhookDeliveryStore.Claimed, at now: Date) async throws -> WebhookMetrics.Outcome {
        let request = WebhookMessage.request(for: delivery, at: now, deadline: attemptTimeout)
        let status: Int
        do throws(OutboundFailure) {
            // Only the status matters: the body is dropped unread, which ends the exchange.
            status = try await outbound.stream(request).status
        } catch {
            let refused = error.reason == .forbiddenAddress || error.reason == .invalidURL
            let outcome = try await recordFailure(of: delivery, statusCode: nil, error: Self.describe(error), at: now)
            return refused && outcome == .retrying ? .refused : outcome
        }
        guard (200..<300).contains(status) else {
            return try await recordFailure(of: delivery, statusCode: status, error: "the endpoint answered HTTP \(status)", at: now)
        }
        try await store.recordSuccess(of: delivery.id, statusCode: status, at: now)
        return .succeeded
    }

    private func recordFailure(
        of delivery: WebhookDeliveryStore.Claimed, statusCode: Int?, error: String, at now: Date
    ) async throws -> WebhookMetrics.Outcome {
        let next = schedule.nextAttempt(after: delivery.attempt, failedAt: now, createdAt: delivery.createdAt)
        try await store.recordFailure(of: delivery.id, statusCode: statusCode, error: error, nextAttempt: next)
        logger.info("webhook attempt failed", metadata: [
            "tenant_id": "\(delivery.tenant)", "delivery_id": "\(delivery.id)", "event_id": "\(delivery.eventID)",
            "attempt": "\(delivery.attempt)", "error": "\(error)", "gave_up": "\(next == nil)",
        ])
        return next == nil ? .failed : .retrying
    }

    /// The tenant reads this in its delivery log: `OutboundFailure`'s text never says what an
    /// internal name resolves to.
    static func describe(_ failure: OutboundFailure) -> String {
        switch failure.reason {
        case .forbiddenAddress: "refused by the outbound address guard: \(failure.description)"
        case .deadlineExceeded: "timed out: \(failure.description)"
        default: "\(failure.reason.rawValue): \(failure.description)"
        }
    }
}
