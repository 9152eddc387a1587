/// Whole-catalog value counts of the facet keys Backstage's catalog page asks for on every visit
/// (table `facet_counts`, migration 0006). The writer adds a batch's counts after inserting its
/// search rows and subtracts those of entities before replacing or deleting them, in the same
/// transaction, so facets without a filter are a lookup rather than a scan of the search index.
/// Other keys, and facets under a filter, are counted from the search index.
enum FacetCounts {
    static let keys: Set<String> = ["kind", "metadata.namespace", "metadata.tags", "spec.type", "spec.lifecycle", "spec.owner", "spec.system"]

    /// Counts per (key, original value) of a batch, as parallel arrays for `unnest`.
    struct Increments: Sendable {
        var keys: [String] = []
        var values: [String] = []
        var counts: [Int] = []

        var isEmpty: Bool { keys.isEmpty }
    }

    /// Counts a batch's search rows of the counted keys.
    struct Tally: Sendable {
        private var counts: [Pair: Int] = [:]

        private struct Pair: Hashable, Sendable {
            let key: String
            let originalValue: String
        }

        mutating func add(_ row: SearchRow) {
            guard FacetCounts.keys.contains(row.key) else { return }
            counts[Pair(key: row.key, originalValue: row.originalValue), default: 0] += 1
        }

        var increments: Increments {
            var increments = Increments()
            for (pair, count) in counts {
                increments.keys.append(pair.key)
                increments.values.append(pair.originalValue)
                increments.counts.append(count)
            }
            return increments
        }
    }
}
