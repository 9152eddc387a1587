import PorticoCore
import Synchronization

/// Caps the requests one tenant has in flight on this replica, so one tenant's slow or streamed
/// requests can hold at most a share of the database pool and of the server, never all of it.
public final class TenantConcurrency: Sendable {
    private let inFlight = Mutex<[TenantID: Int]>([:])
    public let limit: Int

    public init(limit: Int) {
        self.limit = limit
    }

    /// A slot for one request, or a 429 when the tenant already has `limit` requests running.
    func enter(_ tenant: TenantID) throws -> Slot {
        let admitted = inFlight.withLock { counts in
            let current = counts[tenant, default: 0]
            guard current < limit else { return false }
            counts[tenant] = current + 1
            return true
        }
        guard admitted else {
            throw PorticoError(
                status: 429, code: "too_many_concurrent_requests", title: "Too many concurrent requests",
                detail: "This tenant already has \(limit) requests in progress; retry when one has finished.",
                headers: ["Retry-After": "1"])
        }
        return Slot(owner: self, tenant: tenant)
    }

    func leave(_ tenant: TenantID) {
        inFlight.withLock { counts in
            let remaining = counts[tenant, default: 1] - 1
            counts[tenant] = remaining > 0 ? remaining : nil
        }
    }

    public func requestsInFlight(for tenant: TenantID) -> Int {
        inFlight.withLock { $0[tenant] ?? 0 }
    }

    /// Held while a request runs, including while its body streams; freed exactly once, when the
    /// last reference goes (the handler returned, or the streamed body was written or dropped).
    final class Slot: Sendable {
        let owner: TenantConcurrency
        let tenant: TenantID

        init(owner: TenantConcurrency, tenant: TenantID) {
            self.owner = owner
            self.tenant = tenant
        }

        deinit { owner.leave(tenant) }
    }
}
