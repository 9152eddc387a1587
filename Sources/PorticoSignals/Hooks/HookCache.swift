import Foundation
import Synchronization

/// Hooks as deliveries find them, kept a few seconds per process: every delivery needs its hook's
/// opened secret, and providers send bursts. Rotating or deleting a hook through this process
/// drops it at once; other replicas see the change within `lifetime`. Unknown ids are not kept,
/// so made-up URLs cannot fill it.
final class HookCache: Sendable {
    static let lifetime: Duration = .seconds(5)
    static let capacity = 10_000

    let store: HookStore
    private let entries = Mutex<[UUID: (hook: HookCredentials, until: ContinuousClock.Instant)]>([:])

    init(store: HookStore) {
        self.store = store
    }

    func credentials(of id: UUID) async throws -> HookCredentials? {
        let now = ContinuousClock.now
        if let entry = entries.withLock({ $0[id] }), entry.until > now { return entry.hook }
        guard let hook = try await store.credentials(of: id) else { return nil }
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[id] = (hook, now + Self.lifetime)
        }
        return hook
    }

    func forget(_ id: UUID) {
        _ = entries.withLock { $0.removeValue(forKey: id) }
    }
}
