import NIOCore
import PostgresNIO

/// Facets of the kept search keys under any filter, counted from their postings (`FacetPostings`).
extension EntityReader {
    /// `unbound` is the facet query's builder for `filter` before any binds. Empty when no kept key
    /// is asked for.
    func postingFacets(_ keys: Set<String>, filter: EntityFilter, using unbound: EntitySQL) async throws -> [String: [(value: String, count: Int)]] {
        let kept = keys.intersection(FacetCounts.searchKeys)
        guard !kept.isEmpty else { return [:] }
        let members = try await members(of: filter, using: unbound)
        var postings: [String: (key: String, segment: Int64)] = [:]
        for key in kept {
            for segment in members.segments { postings[FacetPostings.postingKey(key, segment: segment)] = (key, segment) }
        }
        var counts: [String: [String: Int]] = [:]
        if !postings.isEmpty {
            for try await (rowKey, value, offsets) in try await connection.checkedQuery("""
                SELECT key, original_value, offsets FROM facet_counts WHERE key = ANY(\(Array(postings.keys))) AND offsets IS NOT NULL
                """, logger: logger).decode((String, String, ByteBuffer).self) {
                guard let posting = postings[rowKey] else { continue }
                let count = members.count(offsetBytes: offsets, in: posting.segment)
                if count > 0 { counts[posting.key, default: [:]][value, default: 0] += count }
            }
        }
        var result: [String: [(value: String, count: Int)]] = [:]
        for key in kept { result[key] = FacetCounts.ordered((counts[key] ?? [:]).map { (value: $0.key, count: $0.value) }) }
        return result
    }

    /// The ordinals of the entities meeting `filter`. Each distinct condition's matches come as
    /// ordinals from one range of the search index (relations and the uid, which `search` does not
    /// hold, from `entities`), all in one statement; sets are combined in memory.
    func members(of filter: EntityFilter, using unbound: EntitySQL) async throws -> FacetPostings.Members {
        var sql = unbound
        let conditions = Array(Set(filter.anyOf.joined()))
        var arms: [String] = []
        for (index, condition) in conditions.enumerated() {
            let matches: String
            if condition.key.hasPrefix("relations.") || condition.key == "metadata.uid" {
                matches = "SELECT int8send(e.ordinal) AS ordinal FROM entities e WHERE "
                    + sql.condition(filter: EntityFilter(anyOf: [[condition]]), fullText: nil)
            } else if let values = condition.values {
                matches = "SELECT int8send(entity_ordinal) AS ordinal FROM search WHERE key = \(sql.builder.bind(condition.key))"
                    + " AND value = ANY(\(sql.builder.bind(values)))"
            } else {
                let key = sql.builder.bind(condition.key)
                let prefix = sql.builder.bind(EntitySQL.escapeLike(condition.key) + ".%")
                matches = "SELECT int8send(entity_ordinal) AS ordinal FROM search WHERE key = \(key) OR key LIKE \(prefix)"
            }
            arms.append("SELECT \(index), string_agg(ordinal, ''::bytea) FROM (\(matches)) m")
        }
        var byCondition: [EntityFilter.Condition: FacetPostings.Members] = [:]
        for try await (index, ordinals) in try await connection.checkedQuery(sql.builder.query(arms.joined(separator: "\nUNION ALL\n")), logger: logger)
            .decode((Int, ByteBuffer?).self) {
            byCondition[conditions[index]] = ordinals.map(FacetPostings.Members.init(ordinalBytes:)) ?? FacetPostings.Members()
        }
        var members = FacetPostings.Members()
        for set in filter.anyOf {
            guard var matching = set.first.flatMap({ byCondition[$0] }) else { continue }
            for condition in set.dropFirst() { matching = matching.intersection(byCondition[condition] ?? FacetPostings.Members()) }
            members = members.union(matching)
        }
        return members
    }
}
