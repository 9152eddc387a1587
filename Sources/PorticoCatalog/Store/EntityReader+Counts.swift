import PorticoStore
import PostgresNIO

/// `totalItems`: from the kept counts or one index range where `EntityCountPlan` allows, otherwise
/// by counting the matching entities.
extension EntityReader {
    func count(filter: EntityFilter, fullText: FullTextFilter?) async throws -> Int {
        try await count(filter: filter, fullText: fullText, using: try await sqlBuilder(for: filter))
    }

    /// Counts with a builder already made for `filter` (no binds yet), so a page and its count
    /// ask for the multi-valued keys once.
    func count(filter: EntityFilter, fullText: FullTextFilter?, using unbound: EntitySQL) async throws -> Int {
        if let count = try await countWithoutMatches(filter: filter, fullText: fullText, using: unbound) { return count }
        var sql = unbound
        let condition = sql.condition(filter: filter, fullText: fullText)
        return try await number(sql.builder.query("SELECT count(*) FROM entities e WHERE \(condition)"))
    }

    /// The count when the kept counts or one index range give it; nil when the matches must be counted.
    func countWithoutMatches(filter: EntityFilter, fullText: FullTextFilter?, using unbound: EntitySQL) async throws -> Int? {
        switch EntityCountPlan(filter: filter, fullText: fullText, exactPromotedKeys: unbound.exactPromotedKeys) {
        case .everyEntity: try await entityCount()
        case .keptValues(let key, let values): try await keptCount(of: key, values: Set(values))
        case .keptPresence(let key): try await keptPresenceCount(of: key)
        case .searchRange(let key, let value): try await rangeCount(of: key, value: value, filter: filter, using: unbound)
        case .searchIntersection: try await members(of: filter, using: unbound).count
        case .wholeBuckets: try await wholeBucketCount(filter)
        case .matches: nil
        }
    }

    /// Whether every entity meets `filter`, when the kept counts tell (false when only reading
    /// index ranges could: facets under such a filter count their postings at the same cost).
    func matchesEveryEntity(_ filter: EntityFilter, using unbound: EntitySQL) async throws -> Bool {
        switch EntityCountPlan(filter: filter, fullText: nil, exactPromotedKeys: unbound.exactPromotedKeys) {
        case .everyEntity: return true
        case .keptValues, .keptPresence, .wholeBuckets:
            guard let count = try await countWithoutMatches(filter: filter, fullText: nil, using: unbound) else { return false }
            return try await count == entityCount()
        case .searchRange, .searchIntersection, .matches: return false
        }
    }

    /// Entities whose `key` is `value`: from the key's postings when it has learned them, otherwise
    /// from its index range (and a large range suggests learning them).
    private func rangeCount(of key: String, value: String, filter: EntityFilter, using unbound: EntitySQL) async throws -> Int {
        let posted = try await postedKeys(covering: [key])
        if posted.contains(key) { return try await members(of: filter, using: unbound, posted: posted).count }
        let count = try await number("SELECT count(*) FROM search WHERE key = \(key) AND value = \(value)")
        if count >= PostedKeys.learningThreshold, posted.isCandidate(key) { suggestions.note(key) }
        return count
    }

    private func wholeBucketCount(_ filter: EntityFilter) async throws -> Int {
        let buckets = try await keptBuckets()
        return FacetBuckets.selected(from: Array(buckets.keys), by: filter).reduce(0) { $0 + buckets[$1, default: 0] }
    }

    private func entityCount() async throws -> Int {
        try await number(PostgresQuery(unsafeSQL: FacetCounts.entityCountSQL))
    }

    /// The kept counts of the written forms of `values`. PostgreSQL's `lower` (C locale) agrees
    /// with the writer's lowercasing on ASCII only, so other forms are compared here.
    private func keptCount(of key: String, values: Set<String>) async throws -> Int {
        let candidates = Array(values)
        var total = 0
        for try await (form, count) in try await connection.checkedQuery("""
            SELECT original_value, count FROM facet_counts WHERE key = \(key)
              AND (lower(original_value) = ANY(\(candidates)) OR octet_length(original_value) <> char_length(original_value))
            """, logger: logger).decode((String, Int).self) where values.contains(form.lowercased()) {
            total += count
        }
        return total
    }

    /// Entities holding `key` or a key under it, when the kept per-key counts tell: none, only
    /// `key` itself, or one of them held by every entity. Nil when only counting can tell.
    private func keptPresenceCount(of key: String) async throws -> Int? {
        var counts: [String: Int] = [:]
        let prefix = EntitySQL.escapeLike(key) + ".%"
        for try await (held, count) in try await connection.checkedQuery("""
            SELECT original_value, count FROM facet_counts
            WHERE key = \(FacetCounts.presenceKey) AND count > 0 AND (original_value = \(key) OR original_value LIKE \(prefix))
            """, logger: logger).decode((String, Int).self) {
            counts[held] = count
        }
        if counts.isEmpty { return 0 }
        if counts.count == 1, let count = counts[key] { return count }
        let total = try await entityCount()
        return counts.values.contains(total) ? total : nil
    }

    /// The one number `query` answers (0 for no row).
    private func number(_ query: PostgresQuery) async throws -> Int {
        for try await value in try await connection.checkedQuery(query, logger: logger).decode(Int.self) { return value }
        return 0
    }
}
