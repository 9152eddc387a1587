/// Whole-catalog value counts of the facet keys Backstage's catalog page asks for on every visit
/// (table `facet_counts`, migrations 0006 and 0008). The writer adds a write's counts after
/// inserting all its rows and subtracts those of entities before replacing or deleting them, in the
/// same transaction, so facets without a filter are a lookup rather than a scan. Rows under keys of
/// `FacetBuckets` count the search keys per (kind, spec.type) bucket of entities, for facets under
/// a filter of kinds and types. Other keys, and facets under other filters, are counted from the
/// search index and the relations table.
/// Rows under `presenceKey` count, per search key, the entities holding it (existence filters'
/// `totalItems`, `EntityCountPlan`).
enum FacetCounts {
    static let searchKeys: Set<String> = ["kind", "metadata.namespace", "metadata.tags", "spec.type", "spec.lifecycle", "spec.owner", "spec.system"]
    /// `relations.ownedBy` (the owner picker's facet), keyed by type. Only types whose pairs are each
    /// one stored row can be kept by counting rows; each counted type costs an upsert per distinct
    /// target per batch, so only what the catalog page asks for is kept.
    static let relationKeysByType: [String: String] = Dictionary(
        uniqueKeysWithValues: ["ownedBy"].filter(RelationRules.singlyDeclaredTypes.contains).map { ($0, "relations." + $0.lowercased()) })
    static let keys: Set<String> = searchKeys.union(relationKeysByType.values)
    /// Never a search key's name (those are the fixed `keys` here), so never read as a facet.
    static let presenceKey = "(keys)"
    /// The number of entities in the catalog: each has exactly one `kind` row, so the kept kind
    /// counts add up to it (a lookup of a few rows instead of counting every entity).
    static let entityCountSQL = "SELECT coalesce(sum(count), 0)::bigint FROM facet_counts WHERE key = 'kind'"

    /// A facet's values by count, most first, then by value (as the facet query's `ORDER BY`).
    static func ordered(_ counts: [(value: String, count: Int)]) -> [(value: String, count: Int)] {
        counts.sorted { $0.count != $1.count ? $0.count > $1.count : $0.value < $1.value }
    }

    /// Counts per (key, original value) of a batch, as parallel arrays for `unnest`.
    struct Increments: Sendable {
        var keys: [String] = []
        var values: [String] = []
        var counts: [Int] = []

        var isEmpty: Bool { keys.isEmpty }
    }

    /// Counts a batch's rows of the counted keys.
    struct Tally: Sendable {
        private var counts: [Pair: Int] = [:]

        private struct Pair: Hashable, Sendable {
            let key: String
            let originalValue: String
        }

        /// A row counts for the whole catalog and for its entity's bucket (`FacetBuckets`).
        mutating func add(_ row: SearchRow, in bucket: FacetBuckets.Bucket) {
            guard FacetCounts.searchKeys.contains(row.key) else { return }
            counts[Pair(key: row.key, originalValue: row.originalValue), default: 0] += 1
            counts[Pair(key: FacetBuckets.key(row.key, in: bucket), originalValue: row.originalValue), default: 0] += 1
        }

        /// An entity counts once in its bucket's row of the bucket list.
        mutating func addEntity(in bucket: FacetBuckets.Bucket) {
            counts[Pair(key: FacetBuckets.listKey, originalValue: FacetBuckets.listValue(of: bucket)), default: 0] += 1
        }

        /// An entity counts once under each search key it holds (`keys` of one entity, distinct).
        mutating func addPresence<Keys: Sequence<String>>(of keys: Keys) {
            for key in keys { counts[Pair(key: FacetCounts.presenceKey, originalValue: key), default: 0] += 1 }
        }

        /// A relation counts for its type's facet (the target) and its reverse type's (the source).
        mutating func add(_ relation: Relation) {
            if let key = FacetCounts.relationKeysByType[relation.type] {
                counts[Pair(key: key, originalValue: relation.target.description), default: 0] += 1
            }
            if let key = FacetCounts.relationKeysByType[relation.reverseType] {
                counts[Pair(key: key, originalValue: relation.source.description), default: 0] += 1
            }
        }

        /// Another tally's counts added to these.
        mutating func add(_ other: Tally) {
            counts.merge(other.counts, uniquingKeysWith: +)
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
