import Foundation
import Logging
import PorticoCore
import ServiceLifecycle
import Synchronization

/// Counts the tenant requests the gateway admits, by route group, and the API keys that made them
/// (each a `seats` record for the month, where Insights does not count the tenant's users), and
/// reports them through the usage port every `interval`: a busy replica costs one insert per interval, not one per request.
/// A replica killed between two reports loses at most the counts of the last interval; a report
/// that failed, or did not answer within `reportTimeout`, is retried with its same idempotency
/// keys, so a report that did land counts once. A report that never answers (a database call stuck
/// on a connection that died under it) is abandoned, so it cannot hold up shutdown.
public final class RequestUsageMeter: Service, Sendable {
    public static let meter = Meter("api.requests")
    /// Unreported records kept while the database is unreachable; past it the oldest are dropped.
    static let maximumUnsent = 10_000
    static let reportTimeout = Duration.seconds(2)

    /// The counts of one route group, made when its routes are registered, so counting a request
    /// hashes only its tenant and key, under a lock of that group's own.
    public final class GroupCounter: Sendable {
        let group: String
        fileprivate let tally = Mutex(Tally())

        fileprivate struct Tally {
            var counts: [TenantID: Int64] = [:]
            /// The keys that made the requests: each is a seat for the month (`keys` seats).
            var keys: Set<KeyUse> = []
        }

        init(group: String) { self.group = group }

        public func count(_ tenant: TenantID, key: UUID) {
            tally.withLock { tally in
                tally.counts[tenant, default: 0] += 1
                tally.keys.insert(KeyUse(tenant: tenant, key: key))
            }
        }

        fileprivate func take() -> Tally {
            tally.withLock { tally in
                defer {
                    tally.counts.removeAll(keepingCapacity: true)
                    tally.keys.removeAll(keepingCapacity: true)
                }
                return tally
            }
        }
    }

    fileprivate struct KeyUse: Hashable {
        let tenant: TenantID
        let key: UUID
    }

    private struct State {
        var groups: [String: GroupCounter] = [:]
        /// The month's seats this replica reported already (sent once a month, not every interval).
        var seatsReported: (month: String, keys: Set<KeyUse>) = ("", [])
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

    /// The counter of `group`'s requests (the same one for every call with that group).
    public func counter(for group: String) -> GroupCounter {
        state.withLock { state in
            if let existing = state.groups[group] { return existing }
            let made = GroupCounter(group: group)
            state.groups[group] = made
            return made
        }
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
            var fresh: [UsageRecord] = []
            var keysUsed: Set<KeyUse> = []
            for counter in state.groups.values {
                let tally = counter.take()
                keysUsed.formUnion(tally.keys)
                fresh += tally.counts.map { tenant, count in
                    UsageRecord(
                        tenant: tenant, meter: Self.meter, dimension: counter.group, quantity: count,
                        idempotencyKey: "\(Self.meter):\(replica):\(sequence):\(counter.group)", occurredAt: now)
                }
            }
            let month = String(now.formatted(Date.ISO8601FormatStyle().year().month()).prefix(7))
            if state.seatsReported.month != month { state.seatsReported = (month, []) }
            for use in keysUsed where state.seatsReported.keys.insert(use).inserted {
                fresh.append(UsageRecord(
                    tenant: use.tenant, meter: .seats, dimension: Meter.seatsFromKeys, quantity: 1,
                    idempotencyKey: "seats:\(month):key:\(use.key.uuidString.lowercased())", occurredAt: now))
            }
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
