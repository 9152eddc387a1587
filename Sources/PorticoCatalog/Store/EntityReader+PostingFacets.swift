import NIOCore
import PostgresNIO

/// Facets of the search keys with postings (kept and learned, `PostedKeys`) under any filter,
/// counted from their postings (`FacetPostings`).
extension EntityReader {
    /// `unbound` is the facet query's builder for `filter` before any binds. Empty when no key with
    /// postings is asked for.
    func postingFacets(_ keys: Set<String>, filter: EntityFilter, using unbound: EntitySQL) async throws -> [String: [(value: String, count: Int)]] {
        // Read once for the facet keys and the filter's, which `members` needs as well.
        let posted = try await postedKeys(covering: keys.union(filter.anyOf.joined().map(\.key)))
        let kept = keys.filter(posted.contains)
        guard !kept.isEmpty else { return [:] }
        let members = try await members(of: filter, using: unbound, posted: posted)
        let postings = Self.postingRows(of: kept, in: members.segments)
        // Values by their bytes: PostgreSQL groups them so, Swift's `String` by canonical equivalence.
        var counts: [String: [[UInt8]: (value: String, count: Int)]] = [:]
        if !postings.isEmpty {
            for try await (rowKey, value, offsets) in try await connection.checkedQuery("""
                SELECT key, original_value, offsets FROM facet_counts WHERE key = ANY(\(Array(postings.keys))) AND offsets IS NOT NULL
                """, logger: logger).decode((String, String, ByteBuffer).self) {
                guard let posting = postings[rowKey] else { continue }
                let count = members.count(offsetBytes: offsets, in: posting.segment)
                if count > 0 { counts[posting.key, default: [:]][Array(value.utf8), default: (value, 0)].count += count }
            }
        }
        var result: [String: [(value: String, count: Int)]] = [:]
        for key in kept { result[key] = FacetCounts.ordered(Array((counts[key] ?? [:]).values)) }
        return result
    }

    /// The ordinals of the entities meeting `filter`. A condition on values of a key with
    /// postings takes them from those (two bytes per match instead of a row of the search index);
    /// another from one range of the search index, where many matches note the key as worth
    /// postings; relations and the uid, which `search` does not hold, from `entities`. Sets are
    /// combined in memory. `posted`: the keys with postings when the caller has read them already.
    func members(of filter: EntityFilter, using unbound: EntitySQL, posted: PostedKeys? = nil) async throws -> FacetPostings.Members {
        // By position, not by value: Swift compares strings by canonical equivalence, PostgreSQL byte for byte.
        let conditions = Array(filter.anyOf.joined())
        var matches = [FacetPostings.Members?](repeating: nil, count: conditions.count)
        let posted = if let posted { posted } else { try await postedKeys(covering: conditions.map(\.key)) }
        let fromPostings = conditions.indices.filter { conditions[$0].values != nil && posted.contains(conditions[$0].key) }
        for (index, members) in zip(fromPostings, try await postingMembers(of: fromPostings.map { conditions[$0] })) { matches[index] = members }
        var sql = unbound
        var arms: [String] = []
        for index in conditions.indices where matches[index] == nil {
            let condition = conditions[index]
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
        if !arms.isEmpty {
            for try await (index, ordinals) in try await connection.checkedQuery(sql.builder.query(arms.joined(separator: "\nUNION ALL\n")), logger: logger)
                .decode((Int, ByteBuffer?).self) {
                matches[index] = ordinals.map(FacetPostings.Members.init(ordinalBytes:)) ?? FacetPostings.Members()
            }
        }
        for (index, condition) in conditions.enumerated() where condition.values != nil && posted.isCandidate(condition.key) {
            if let found = matches[index], found.count >= PostedKeys.learningThreshold { suggestions.note(condition.key) }
        }
        var members = FacetPostings.Members()
        var start = 0
        for set in filter.anyOf {
            let positions = start..<(start + set.count)
            start = positions.upperBound
            guard let first = positions.first else { continue }
            var matching = matches[first] ?? FacetPostings.Members()
            for position in positions.dropFirst() { matching = matching.intersection(matches[position] ?? FacetPostings.Members()) }
            members = members.union(matching)
        }
        return members
    }

    /// The entities meeting each condition on values of keys with postings, from the posting rows of every
    /// segment handed out. A row is a condition's when its written value lowercases (as the writer
    /// lowercases search values) to one of the condition's; PostgreSQL's `lower` agrees on ASCII
    /// only, so it preselects and other written forms are compared here.
    private func postingMembers(of conditions: [EntityFilter.Condition]) async throws -> [FacetPostings.Members] {
        guard !conditions.isEmpty else { return [] }
        let postings = Self.postingRows(of: Set(conditions.map(\.key)), in: try await segmentsHandedOut())
        let values = conditions.flatMap { $0.values ?? [] }
        var members = [FacetPostings.Members](repeating: FacetPostings.Members(), count: conditions.count)
        for try await (rowKey, value, offsets) in try await connection.checkedQuery("""
            SELECT key, original_value, offsets FROM facet_counts
            WHERE key = ANY(\(Array(postings.keys))) AND offsets IS NOT NULL
              AND (lower(original_value) = ANY(\(values)) OR octet_length(original_value) <> char_length(original_value))
            """, logger: logger).decode((String, String, ByteBuffer).self) {
            guard let posting = postings[rowKey] else { continue }
            let lowercased = value.lowercased()
            for (index, condition) in conditions.enumerated()
            where condition.key == posting.key && (condition.values ?? []).contains(where: { $0.utf8.elementsEqual(lowercased.utf8) }) {
                members[index].formUnion(offsetBytes: offsets, in: posting.segment)
            }
        }
        return members
    }

    /// Facets of learned keys under no filter (or one every entity meets): their posting rows' entity
    /// counts added up per written value, instead of counting the key's rows of the search index
    /// (kept keys have whole-catalog counts of their own).
    func learnedKeyTotals(_ keys: Set<String>) async throws -> [String: [(value: String, count: Int)]] {
        let posted = try await postedKeys(covering: keys)
        let learned = keys.filter(posted.learned.contains)
        guard !learned.isEmpty else { return [:] }
        let postings = Self.postingRows(of: learned, in: try await segmentsHandedOut())
        var counts: [String: [[UInt8]: (value: String, count: Int)]] = [:]
        for try await (rowKey, value, count) in try await connection.checkedQuery("""
            SELECT key, original_value, count FROM facet_counts WHERE key = ANY(\(Array(postings.keys))) AND offsets IS NOT NULL
            """, logger: logger).decode((String, String, Int).self) {
            guard let posting = postings[rowKey] else { continue }
            counts[posting.key, default: [:]][Array(value.utf8), default: (value, 0)].count += count
        }
        var result: [String: [(value: String, count: Int)]] = [:]
        for key in learned { result[key] = FacetCounts.ordered(Array((counts[key] ?? [:]).values)) }
        return result
    }

    /// Facet keys that were counted from many rows of the search index are worth postings too.
    func noteKeysWorthPostings(_ keys: Set<String>, countedRows: [String: [(String, Int)]]) async throws {
        let heavy = keys.filter { (countedRows[$0] ?? []).reduce(0) { $0 + $1.1 } >= PostedKeys.learningThreshold }
        guard !heavy.isEmpty else { return }
        let posted = try await postedKeys(covering: heavy)
        for key in heavy where posted.isCandidate(key) { suggestions.note(key) }
    }

    /// Every segment an ordinal has been handed out in, from the first.
    private func segmentsHandedOut() async throws -> [Int64] {
        var lastOrdinal: Int64 = 0
        for try await last in try await connection.checkedQuery(
            "SELECT count FROM facet_counts WHERE key = \(FacetPostings.ordinalsKey) AND original_value = ''", logger: logger).decode(Int64.self) {
            lastOrdinal = last
        }
        return Array(0...FacetPostings.segment(of: lastOrdinal))
    }

    /// The keys with postings, read only when `keys` name one that is not kept (kept keys always have them).
    func postedKeys(covering keys: some Sequence<String>) async throws -> PostedKeys {
        guard keys.contains(where: { !FacetCounts.searchKeys.contains($0) }) else { return .keptOnly }
        return try await PostedKeys.load(on: connection, logger: logger)
    }

    /// The `facet_counts` keys of `keys`' postings in `segments`, each with its key and segment.
    private static func postingRows(of keys: Set<String>, in segments: [Int64]) -> [String: (key: String, segment: Int64)] {
        var rows: [String: (key: String, segment: Int64)] = [:]
        for key in keys {
            for segment in segments { rows[FacetPostings.postingKey(key, segment: segment)] = (key, segment) }
        }
        return rows
    }
}
