import PorticoCore
import Synchronization

/// Caps the requests one tenant has running on this replica, so one tenant's slow or streamed
/// requests can hold at most a share of the database pool and of the server, never all of it.
/// A request over the cap waits its turn (first come, first served) for up to `maximumWait`, and
/// only then gets 429: a burst of quick requests queues briefly instead of failing.
public final class TenantConcurrency: Sendable {
    private struct Waiter {
        let id: UInt64
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct Turns {
        var running = 0
        var waiters: [Waiter] = []
    }

    private struct State {
        var tenants: [TenantID: Turns] = [:]
        var nextWaiterID: UInt64 = 0
    }

    private let state = Mutex(State())
    public let limit: Int
    public let maximumWait: Duration

    public init(limit: Int, maximumWait: Duration) {
        self.limit = limit
        self.maximumWait = maximumWait
    }

    /// A slot for one request, once the tenant has fewer than `limit` running.
    func enter(_ tenant: TenantID) async throws -> Slot {
        let waiterID: UInt64? = state.withLock { state in
            if state.tenants[tenant, default: Turns()].running < limit {
                state.tenants[tenant, default: Turns()].running += 1
                return nil
            }
            state.nextWaiterID += 1
            return state.nextWaiterID
        }
        if let waiterID { try await waitForTurn(of: tenant, id: waiterID) }
        return Slot(owner: self, tenant: tenant)
    }

    public func requestsRunning(for tenant: TenantID) -> Int {
        state.withLock { $0.tenants[tenant]?.running ?? 0 }
    }

    private func waitForTurn(of tenant: TenantID, id: UInt64) async throws {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let cancelled = state.withLock { state in
                    if Task.isCancelled { return true }
                    state.tenants[tenant, default: Turns()].waiters.append(Waiter(id: id, continuation: continuation))
                    return false
                }
                if cancelled {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                let wait = maximumWait
                Task { [weak self] in
                    try? await Task.sleep(for: wait)
                    self?.giveUp(id, of: tenant, with: self?.busy ?? CancellationError())
                }
            }
        } onCancel: {
            giveUp(id, of: tenant, with: CancellationError())
        }
    }

    private var busy: PorticoError {
        PorticoError(
            status: 429, code: "too_many_concurrent_requests", title: "Too many concurrent requests",
            detail: "This tenant already has \(limit) requests in progress; retry when one has finished.",
            headers: ["Retry-After": "1"])
    }

    private func giveUp(_ id: UInt64, of tenant: TenantID, with error: any Error) {
        let waiter = state.withLock { state -> Waiter? in
            guard let index = state.tenants[tenant]?.waiters.firstIndex(where: { $0.id == id }) else { return nil }
            return state.tenants[tenant]?.waiters.remove(at: index)
        }
        waiter?.continuation.resume(throwing: error)
    }

    /// A finished request hands its turn to the first waiter, or gives it back.
    fileprivate func leave(_ tenant: TenantID) {
        let next = state.withLock { state -> Waiter? in
            guard var turns = state.tenants[tenant] else { return nil }
            if turns.waiters.isEmpty {
                turns.running -= 1
                state.tenants[tenant] = turns.running > 0 ? turns : nil
                return nil
            }
            let waiter = turns.waiters.removeFirst()
            state.tenants[tenant] = turns
            return waiter
        }
        next?.continuation.resume()
    }

    /// Held while a request runs, including while its body streams; given back exactly once, when
    /// the last reference goes (the handler returned, or the streamed body was written or dropped).
    final class Slot: Sendable {
        let owner: TenantConcurrency
        let tenant: TenantID

        fileprivate init(owner: TenantConcurrency, tenant: TenantID) {
            self.owner = owner
            self.tenant = tenant
        }

        deinit { owner.leave(tenant) }
    }
}
