import PostgresNIO

extension EntityReader {
    /// Keys whose existence `filter` asks for that at most a twentieth of the catalog meets, by the
    /// kept per-key counts (the key and every key under it): `EntitySQL.rareKeys`. Only the plan
    /// depends on it; the answer is the same either way.
    func rareExistenceKeys(in filter: EntityFilter) async throws -> Set<String> {
        let keys = Set(filter.anyOf.joined().filter { $0.values == nil && EntitySQL.columns[$0.key] == nil && !$0.key.hasPrefix("relations.") }
            .map(\.key))
        guard !keys.isEmpty else { return [] }
        let exact = Array(keys), prefixes = keys.map { EntitySQL.escapeLike($0) + ".%" }
        var held: [String: Int] = [:]
        var total = 0
        for try await (isTotal, key, count) in try await connection.checkedQuery("""
            SELECT false, original_value, count FROM facet_counts
            WHERE key = \(FacetCounts.presenceKey) AND count > 0 AND (original_value = ANY(\(exact)) OR original_value LIKE ANY(\(prefixes)))
            UNION ALL
            SELECT true, '', coalesce(sum(count), 0)::bigint FROM facet_counts WHERE key = 'kind'
            """, logger: logger).decode((Bool, String, Int).self) {
            if isTotal { total = count; continue }
            for filterKey in keys where key == filterKey || key.hasPrefix(filterKey + ".") { held[filterKey, default: 0] += count }
        }
        return keys.filter { held[$0, default: 0] * 20 <= total }
    }
}
