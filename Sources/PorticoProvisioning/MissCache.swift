/// Lookup ids recently found in no row, so a repeated unknown credential costs no query. Kept
/// apart from the verified credentials, and bounded on its own, so a flood of made-up ids can
/// neither grow memory nor push a good key out of the cache.
///
/// Nothing has to invalidate an entry when a credential is created: lookup ids are 71 random bits
/// chosen at creation, so a new credential never has an id that was looked up before. A revoked
/// credential found no row only because it is gone, and stays gone.
struct MissCache: Sendable {
    static let maximumEntries = 100_000
    static let maximumAge: Duration = .seconds(30)

    private var missedAt: [String: ContinuousClock.Instant] = [:]

    var count: Int { missedAt.count }

    func contains(_ id: String, now: ContinuousClock.Instant) -> Bool {
        guard let at = missedAt[id] else { return false }
        return now - at < Self.maximumAge
    }

    mutating func insert(_ id: String, now: ContinuousClock.Instant) {
        // Forgetting misses costs queries (bounded per address by the gateway), never a good key.
        if missedAt.count >= Self.maximumEntries { missedAt.removeAll(keepingCapacity: true) }
        missedAt[id] = now
    }
}
