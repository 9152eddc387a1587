import Synchronization

/// Values kept for a short `lifetime` per process, for answers that may be that stale (a hook's
/// secret, which entities a team owns). Bounded: when `capacity` entries are held the cache starts
/// over, so keys a client makes up cannot grow it. Only what a loader finds is kept.
public final class ExpiringCache<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    public let lifetime: Duration
    public let capacity: Int
    private let entries = Mutex<[Key: (value: Value, until: ContinuousClock.Instant)]>([:])

    public init(lifetime: Duration, capacity: Int) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The kept value, or what `load` finds now (kept unless nil).
    public func value(for key: Key, load: () async throws -> Value?) async throws -> Value? {
        if let kept = value(for: key) { return kept }
        guard let value = try await load() else { return nil }
        keep(value, for: key)
        return value
    }

    /// The kept value, unless it is older than `lifetime`.
    public func value(for key: Key) -> Value? {
        guard let entry = entries.withLock({ $0[key] }), entry.until > ContinuousClock.now else { return nil }
        return entry.value
    }

    public func keep(_ value: Value, for key: Key) {
        let until = ContinuousClock.now + lifetime
        entries.withLock { entries in
            if entries.count >= capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (value, until)
        }
    }

    public func forget(_ key: Key) {
        _ = entries.withLock { $0.removeValue(forKey: key) }
    }
}
