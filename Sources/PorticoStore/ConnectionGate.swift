import PorticoCore
import Synchronization

/// Admits at most as many callers to the pool as it has connections, and makes the others wait
/// only up to a bound: past it they get a 503 with `Retry-After` instead of hanging in
/// PostgresNIO's unbounded lease queue.
final class ConnectionGate: Sendable {
    static let busy = PorticoError(
        status: 503, code: "database_busy", title: "Database busy",
        detail: "Every database connection stayed busy for too long; retry shortly.", headers: ["Retry-After": "1"])

    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var available: Int
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state: Mutex<State>
    let maximumWait: Duration

    init(permits: Int, maximumWait: Duration) {
        state = Mutex(State(available: permits))
        self.maximumWait = maximumWait
    }

    func withPermit<Result>(
        isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> sending Result
    ) async throws -> sending Result {
        try await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async throws {
        let id: UInt64? = state.withLock { state in
            if state.available > 0 {
                state.available -= 1
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = state.withLock { state in
                    if Task.isCancelled { return true }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if cancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let wait = maximumWait
                Task { [weak self] in
                    try? await Task.sleep(for: wait)
                    self?.giveUp(id, with: Self.busy)
                }
            }
        } onCancel: {
            giveUp(id, with: CancellationError())
        }
    }

    private func giveUp(_ id: UInt64, with error: any Error) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
    }

    private func release() {
        let next = state.withLock { state -> Waiter? in
            if state.waiters.isEmpty {
                state.available += 1
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.continuation.resume()
    }
}
