import Logging
import PostgresNIO

/// The search keys with postings (`FacetPostings`) in one tenant's catalog: the kept keys of
/// `FacetCounts`, and keys learned from the tenant's own filters and facets (`PostingKeyLearner`): a
/// label or a field the tenant's catalog page filters by, whose matches were many. Learned keys are listed in
/// `facet_counts` rows under `learnedKey`, keys judged unfit (too many values, or too many learned
/// keys already) under `refusedKey`, so neither is looked at again.
struct PostedKeys: Sendable {
    static let learnedKey = "(posted)"
    static let refusedKey = "(not posted)"
    /// A tenant's learned keys cost every write of an entity holding them; their number is bounded.
    static let maximumLearned = 16
    /// Values a learned key may have: one posting row per value and segment.
    static let maximumValues = 2_000
    /// Matches a read took from the search index for one condition that make its key worth postings.
    static let learningThreshold = 1_000
    /// Keys longer than this are never asked for: a job's unique key and a `facet_counts` key hold it.
    static let maximumKeyBytes = 256

    private(set) var learned: Set<String> = []
    private(set) var refused: Set<String> = []

    /// The kept keys alone: what a read assumes when it names no other key.
    static let keptOnly = PostedKeys()

    func contains(_ key: String) -> Bool { FacetCounts.searchKeys.contains(key) || learned.contains(key) }
    var all: Set<String> { FacetCounts.searchKeys.union(learned) }

    /// Whether a read that needed `key`'s matches from the search index should ask for its postings.
    func isCandidate(_ key: String) -> Bool {
        !contains(key) && !refused.contains(key) && !key.hasPrefix("relations.") && key != "metadata.uid"
            && key.utf8.count <= Self.maximumKeyBytes
    }

    static func load(on connection: PostgresConnection, logger: Logger) async throws -> PostedKeys {
        var keys = PostedKeys()
        for try await (marker, key) in try await connection.checkedQuery("""
            SELECT key, original_value FROM facet_counts WHERE key IN (\(learnedKey), \(refusedKey))
            """, logger: logger).decode((String, String).self) {
            if marker == learnedKey { keys.learned.insert(key) } else { keys.refused.insert(key) }
        }
        return keys
    }
}
