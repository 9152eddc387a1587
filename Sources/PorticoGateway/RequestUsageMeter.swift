import Foundation
import Logging
import PorticoCore
import ServiceLifecycle
import Synchronization

/// Counts the tenant requests the gateway admits, by route group, and reports them through the
/// usage port every `interval`: a busy replica costs one insert per interval, not one per request.
/// A replica killed between two reports loses at most the counts of the last interval; a report
/// that failed, or did not answer within `reportTimeout`, is retried with its same idempotency
/// keys, so a report that did land counts once. A report that never answers (a database call stuck
/// on a connection that died under it) is abandoned, so it cannot hold up shutdown.
public final class RequestUsageMeter: Service, Sendable {
    public static let meter = Meter("api.requests")
    /// Unreported records kept while the database is unreachable; past it the oldest are dropped.
    static let maximumUnsent = 10_000
    static let reportTimeout = Duration.seconds(2)

    private struct Key: Hashable {
        let tenant: TenantID
        let group: String
    }

    private struct State {
        var counts: [Key: Int64] = [:]
        var unsent: [UsageRecord] = []
        var reports = 0
    }

    private let state = Mutex(State())
    private let recorder: any UsageRecorder
    private let interval: Duration
    private let logger: Logger
    /// Makes this process's idempotency keys its own.
    private let replica = UUID().uuidString.lowercased()

    public init(recorder: any UsageRecorder, interval: Duration = .seconds(1), logger: Logger) {
        self.recorder = recorder
        self.interval = interval
        self.logger = logger
    }

    public func count(_ tenant: TenantID, group: String) {
        state.withLock { $0.counts[Key(tenant: tenant, group: group), default: 0] += 1 }
    }

    /// Reports every interval until shutdown, then once more.
    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: self.interval) }
            } catch {
                break
            }
            await report()
        }
        await report()
    }

    /// Sends what was counted since the last report, after anything a failed report left.
    public func report() async {
        let now = Date()
        let batch: [UsageRecord] = state.withLock { state in
            state.reports += 1
            let sequence = state.reports
            let fresh = state.counts.map { key, count in
                UsageRecord(
                    tenant: key.tenant, meter: Self.meter, dimension: key.group, quantity: count,
                    idempotencyKey: "\(Self.meter):\(replica):\(sequence):\(key.group)", occurredAt: now)
            }
            state.counts.removeAll(keepingCapacity: true)
            defer { state.unsent.removeAll() }
            return state.unsent + fresh
        }
        guard !batch.isEmpty else { return }
        let recorder = self.recorder
        let run = AbandonableRun { try await recorder.record(batch) }
        let failure: (any Error)?
        switch await run.outcome(deadline: .now + Self.reportTimeout, grace: .milliseconds(100)) {
        case .finished(.success), .stoppedAtDeadline(.success): failure = nil
        case .finished(.failure(let error)), .stoppedAtDeadline(.failure(let error)): failure = error
        case .abandoned: failure = ReportTimedOut()
        }
        if let error = failure {
            let dropped = state.withLock { state in
                state.unsent = batch + state.unsent
                let excess = max(0, state.unsent.count - Self.maximumUnsent)
                state.unsent.removeFirst(excess)
                return excess
            }
            logger.warning("reporting request usage failed; will retry", metadata: [
                "error": "\(error)", "records": "\(batch.count)", "dropped": "\(dropped)",
            ])
        }
    }

    struct ReportTimedOut: Error, CustomStringConvertible {
        var description: String { "no answer within \(RequestUsageMeter.reportTimeout)" }
    }
}
