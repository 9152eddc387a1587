import Foundation
import PorticoCore

/// Hooks as deliveries find them, kept a few seconds per process: every delivery needs its hook's
/// opened secret, and providers send bursts. Rotating or deleting a hook through this process
/// drops it at once; other replicas see the change within `lifetime`. Unknown ids are not kept,
/// so made-up URLs cannot fill it.
struct HookCache: Sendable {
    static let lifetime: Duration = .seconds(5)
    static let capacity = 10_000

    let store: HookStore
    private let entries = ExpiringCache<UUID, HookCredentials>(lifetime: lifetime, capacity: capacity)

    init(store: HookStore) {
        self.store = store
    }

    func credentials(of id: UUID) async throws -> HookCredentials? {
        try await entries.value(for: id) { try await store.credentials(of: id) }
    }

    func forget(_ id: UUID) {
        entries.forget(id)
    }
}
