import PostgresNIO

/// Facets of the kept search keys under a filter of kinds and single types, added up from the
/// bucket counts of the buckets it selects (`FacetBuckets`): a few hundred rows, whatever the share
/// of the catalog the filter matches.
extension EntityReader {
    /// Nil when `filter` names anything but kinds and single types, or no kept key is asked for.
    func bucketFacets(
        _ keys: Set<String>, filter: EntityFilter, exactPromotedKeys: Set<String>
    ) async throws -> [String: [(value: String, count: Int)]]? {
        let kept = keys.intersection(FacetCounts.searchKeys)
        guard !kept.isEmpty, FacetBuckets.selectsWholeBuckets(filter, exactPromotedKeys: exactPromotedKeys) else { return nil }
        var facetKeys: [String: String] = [:]
        for bucket in FacetBuckets.selected(from: Array(try await keptBuckets().keys), by: filter) {
            for key in kept { facetKeys[FacetBuckets.key(key, in: bucket)] = key }
        }
        var counts: [String: [String: Int]] = [:]
        if !facetKeys.isEmpty {
            for try await (rowKey, value, count) in try await connection.checkedQuery(
                "SELECT key, original_value, count FROM facet_counts WHERE key = ANY(\(Array(facetKeys.keys))) AND count > 0", logger: logger)
                .decode((String, String, Int).self) {
                guard let key = facetKeys[rowKey] else { continue }
                counts[key, default: [:]][value, default: 0] += count
            }
        }
        var result: [String: [(value: String, count: Int)]] = [:]
        for key in kept { result[key] = FacetCounts.ordered((counts[key] ?? [:]).map { (value: $0.key, count: $0.value) }) }
        return result
    }

    /// The entities of each bucket that has any, from the kept counts.
    func keptBuckets() async throws -> [FacetBuckets.Bucket: Int] {
        var buckets: [FacetBuckets.Bucket: Int] = [:]
        for try await (value, count) in try await connection.checkedQuery(
            "SELECT original_value, count FROM facet_counts WHERE key = \(FacetBuckets.listKey) AND count > 0", logger: logger)
            .decode((String, Int).self) {
            buckets[FacetBuckets.bucket(listValue: value), default: 0] += count
        }
        return buckets
    }
}
