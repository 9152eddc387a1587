/// Facet counts of the kept search keys per bucket of entities, a bucket being one (kind, single
/// `spec.type`) pair, kept in `facet_counts` beside the whole-catalog rows (migration 0012). A
/// filter that names only kinds and types (the catalog page's pickers: `kind=component`,
/// `spec.type=library`) selects whole buckets, so its facets add up a few buckets' counts instead
/// of reading every matching search row (300,000 tag rows for a third of a 100,000-entity catalog).
///
/// Bucketed rows live under keys no search key can have (they start with `(`), so readers of the
/// whole-catalog rows never see them. `separator` cannot occur in a kind (letters and digits) nor
/// in a kept key, so each (kind, key, type) has one key: the type, which may hold anything, comes
/// last, and an entity without a single type has no third part.
enum FacetBuckets {
    struct Bucket: Hashable, Sendable {
        /// Lowercased, as `entities.kind`.
        let kind: String
        /// As `entities.spec_type`: the single lowercased type, nil when none or several.
        let type: String?
    }

    static let separator = "\u{1F}"
    /// Rows under this key count the entities of each bucket (`listValue`).
    static let listKey = "(buckets)"
    private static let countedPrefix = "(in)" + separator

    static func key(_ facetKey: String, in bucket: Bucket) -> String {
        countedPrefix + bucket.kind + separator + facetKey + (bucket.type.map { separator + $0 } ?? "")
    }

    static func listValue(of bucket: Bucket) -> String {
        bucket.kind + (bucket.type.map { separator + $0 } ?? "")
    }

    static func bucket(listValue: String) -> Bucket {
        guard let cut = listValue.range(of: separator) else { return Bucket(kind: listValue, type: nil) }
        return Bucket(kind: String(listValue[..<cut.lowerBound]), type: String(listValue[cut.upperBound...]))
    }

    /// `key` and `listValue` in SQL, for search rows `s` of entities `e` (the writer's subtraction
    /// and migration 0012 build the same text).
    static let keySQL = "'(in)' || chr(31) || e.kind || chr(31) || s.key || coalesce(chr(31) || e.spec_type, '')"
    static let listValueSQL = "e.kind || coalesce(chr(31) || e.spec_type, '')"

    /// Whether `filter` names only kinds and single types, so each bucket meets it whole or not at
    /// all (`exactPromotedKeys`: while an entity holds several types, `spec.type` is not a column).
    static func selectsWholeBuckets(_ filter: EntityFilter, exactPromotedKeys: Set<String>) -> Bool {
        !filter.isEmpty && filter.anyOf.joined().allSatisfy { condition in
            condition.key == "kind" || (condition.key == "spec.type" && condition.values != nil && exactPromotedKeys.contains("spec.type"))
        }
    }

    /// The buckets a filter of `selectsWholeBuckets` selects. Values compare as PostgreSQL's `=`
    /// does, byte for byte.
    static func selected(from buckets: [Bucket], by filter: EntityFilter) -> [Bucket] {
        func holds(_ condition: EntityFilter.Condition, _ bucket: Bucket) -> Bool {
            guard let values = condition.values else { return true }
            guard let held = condition.key == "kind" ? bucket.kind : bucket.type else { return false }
            return values.contains { $0.utf8.elementsEqual(held.utf8) }
        }
        return buckets.filter { bucket in filter.anyOf.contains { set in set.allSatisfy { holds($0, bucket) } } }
    }
}
