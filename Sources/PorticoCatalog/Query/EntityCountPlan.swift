/// How `totalItems` is counted. A filter of one condition is answered without visiting its
/// matches where the kept counts know the answer (`facet_counts`: values of the counted keys, and
/// how many entities hold each search key), or from one range of the search index; anything else
/// counts the matching entities (`EntityReader.count`).
enum EntityCountPlan: Equatable {
    /// Every entity matches: the number of entities.
    case everyEntity
    /// Entities whose `key` has one of `values`: the kept counts of the values' written forms,
    /// summed (each entity holds a (key, value) row at most once, and at most one of `values` when
    /// there are several).
    case keptValues(key: String, values: [String])
    /// Entities holding `key` or a key under it (`key.…`): kept per-key entity counts.
    case keptPresence(key: String)
    /// Entities whose `key` is `value`: the rows of one index range (one per entity at most).
    case searchRange(key: String, value: String)
    /// Entities with every (key, value) of `pairs` (at least two): each pair's entities as ordinals
    /// (a kept key's from its postings, another's from one index range), intersected in memory
    /// (`EntityReader.members`).
    case searchIntersection(pairs: [Pair])
    /// Entities of the (kind, type) buckets a filter of kinds and single types selects (several
    /// conditions or sets; one alone is `keptValues`): the kept bucket counts, summed.
    case wholeBuckets
    /// Counting the matching entities.
    case matches

    struct Pair: Equatable {
        let key: String
        let value: String
    }

    /// Column keys whose values are also exactly one search row of every entity (kind and name are
    /// required and short; the namespace column has a default the body may lack).
    static let keysAlsoSearched: Set<String> = ["kind", "metadata.name"]

    /// `exactPromotedKeys`: promoted keys no entity holds several values for (their equality
    /// filters are single-valued per entity, like `kind`).
    init(filter: EntityFilter, fullText: FullTextFilter?, exactPromotedKeys: Set<String>) {
        let oneCondition = filter.anyOf.count == 1 && filter.anyOf[0].count == 1
        if fullText == nil, !oneCondition, FacetBuckets.selectsWholeBuckets(filter, exactPromotedKeys: exactPromotedKeys) {
            self = .wholeBuckets
            return
        }
        guard fullText == nil, filter.anyOf.count == 1, let set = filter.anyOf.first, let condition = set.first else {
            self = filter.isEmpty && fullText == nil ? .everyEntity : .matches
            return
        }
        guard set.count == 1 else { self = Self.intersection(of: set); return }
        let key = condition.key
        if EntitySQL.columns[key] != nil {
            switch condition.values {
            case nil: self = .everyEntity
            case let values? where key == "kind": self = .keptValues(key: key, values: values)
            default: self = .matches
            }
            return
        }
        guard !key.hasPrefix("relations.") else { self = .matches; return }
        guard let values = condition.values else { self = .keptPresence(key: key); return }
        if FacetCounts.searchKeys.contains(key), values.count == 1 || exactPromotedKeys.contains(key) {
            self = .keptValues(key: key, values: values)
        } else if values.count == 1 {
            self = .searchRange(key: key, value: values[0])
        } else {
            self = .matches
        }
    }

    /// Single-value equalities on search keys, one of them at least without a column (columns
    /// alone are one range of their own index already).
    private static func intersection(of set: [EntityFilter.Condition]) -> EntityCountPlan {
        var pairs: [Pair] = []
        for condition in set {
            guard let values = condition.values, values.count == 1, !condition.key.hasPrefix("relations."),
                  EntitySQL.columns[condition.key] == nil || keysAlsoSearched.contains(condition.key) else { return .matches }
            pairs.append(Pair(key: condition.key, value: values[0]))
        }
        let withoutColumn = pairs.contains { EntitySQL.columns[$0.key] == nil && PromotedColumns.columnsByKey[$0.key] == nil }
        return withoutColumn ? .searchIntersection(pairs: pairs) : .matches
    }
}
