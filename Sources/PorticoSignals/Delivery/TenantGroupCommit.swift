import PorticoCore
import Synchronization

/// Groups one tenant's work that arrives while its previous group is being written, so a burst of
/// deliveries costs one transaction per group instead of one per delivery ("group commit").
///
/// A tenant has at most `maximumInFlight` groups being written per process, each run by one of the
/// waiting requests (its leader) on its own task: no background task to supervise, and a tenant's
/// burst holds that many pooled connections, not one per delivery. When a leader is done it hands
/// the lead to the oldest waiting request. Past `maximumWaiting` waiting items a submission is
/// refused before any work.
final class TenantGroupCommit<Item: Sendable, Output: Sendable>: Sendable {
    typealias Apply = @Sendable ([Item], TenantID) async -> [Result<Output, any Error>]

    private enum Turn {
        case lead
        case done(Result<Output, any Error>)
    }

    private struct Waiting {
        let item: Item
        let continuation: CheckedContinuation<Turn, Never>
    }

    private struct ResultsMissing: Error {}

    private struct Queue {
        var waiting: [Waiting] = []
        var inFlight = 0
    }

    let maximumGroup: Int
    let maximumInFlight: Int
    let maximumWaiting: Int
    private let overflow: any Error
    private let apply: Apply
    private let queues = Mutex<[TenantID: Queue]>([:])

    /// - Parameters:
    ///   - apply: writes a group, answering one result per item in the same order.
    ///   - overflow: the error a submission gets when `maximumWaiting` items already wait.
    init(maximumGroup: Int, maximumInFlight: Int, maximumWaiting: Int, overflow: any Error, apply: @escaping Apply) {
        precondition(maximumGroup > 0 && maximumInFlight > 0 && maximumWaiting > 0)
        self.maximumGroup = maximumGroup
        self.maximumInFlight = maximumInFlight
        self.maximumWaiting = maximumWaiting
        self.overflow = overflow
        self.apply = apply
    }

    /// How many of the tenant's items wait behind the group being written.
    func waiting(for tenant: TenantID) -> Int {
        queues.withLock { $0[tenant]?.waiting.count ?? 0 }
    }

    func submit(_ item: Item, tenant: TenantID) async throws -> Output {
        let turn = await withCheckedContinuation { (continuation: CheckedContinuation<Turn, Never>) in
            let immediate: Turn? = queues.withLock { queues in
                var queue = queues[tenant, default: Queue()]
                defer { queues[tenant] = queue }
                if queue.inFlight < maximumInFlight {
                    queue.inFlight += 1
                    return .lead
                }
                guard queue.waiting.count < maximumWaiting else { return .done(.failure(overflow)) }
                queue.waiting.append(Waiting(item: item, continuation: continuation))
                return nil
            }
            if let immediate { continuation.resume(returning: immediate) }
        }
        switch turn {
        case .done(let result):
            return try result.get()
        case .lead:
            return try await lead(with: item, tenant: tenant).get()
        }
    }

    /// Writes the leader's item with those waiting (up to `maximumGroup`), answers them, and
    /// passes the lead on to the next waiting item, if any.
    private func lead(with item: Item, tenant: TenantID) async -> Result<Output, any Error> {
        let others = queues.withLock { queues -> [Waiting] in
            let taken = Array(queues[tenant]?.waiting.prefix(maximumGroup - 1) ?? [])
            queues[tenant]?.waiting.removeFirst(taken.count)
            return taken
        }
        var results = await apply([item] + others.map(\.item), tenant)
        if results.count != others.count + 1 {
            assertionFailure("a group of \(others.count + 1) got \(results.count) results")
            results = Array(repeating: .failure(ResultsMissing()), count: others.count + 1)
        }
        for (waiting, result) in zip(others, results.dropFirst()) {
            waiting.continuation.resume(returning: .done(result))
        }
        let next = queues.withLock { queues -> Waiting? in
            guard var queue = queues[tenant] else { return nil }
            guard !queue.waiting.isEmpty else {
                queue.inFlight -= 1
                queues[tenant] = queue.inFlight == 0 ? nil : queue
                return nil
            }
            let next = queue.waiting.removeFirst()
            queues[tenant] = queue
            return next
        }
        next?.continuation.resume(returning: .lead)
        return results[0]
    }
}
