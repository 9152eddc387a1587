import Foundation
import Logging
import PorticoStore
import PostgresNIO

/// Catalog reads inside a tenant-scoped transaction. Rows come back as JSON text.
struct EntityReader {
    let connection: PostgresConnection
    let logger: Logger
    /// Keys this read would have answered faster from postings (`PostingKeyRequests`).
    let suggestions: PostingSuggestions

    struct Row {
        let sortValues: [String]
        let uid: UUID
        let json: String

        var position: EntityCursor.Position { .init(sortValues: sortValues, uid: uid) }
    }

    /// One page in keyset order; fetches one extra row to know whether more follow. A first page
    /// (no position) also counts every match: for free when it is the only page, otherwise with a
    /// count the indexes answer alone (a window count would carry every match's body along).
    /// `limit` nil reads every match (the older `GET /entities` without a limit); `offset` skips
    /// rows after the position; `countTotal` false skips counting.
    func page(
        filter: EntityFilter, fullText: FullTextFilter?, order: EntitySort, fields: FieldSelection?,
        after position: EntityCursor.Position?, backwards: Bool, limit: Int?, offset: Int = 0, countTotal: Bool = true
    ) async throws -> (rows: [Row], hasMore: Bool, total: Int?) {
        let unbound = try await sqlBuilder(for: filter)
        var sql = unbound
        sql.rowOrderKey = try await rowOrderKey(for: order)
        let condition = sql.condition(filter: filter, fullText: fullText)
        let rows = sql.rowOrderJoin()
        // Walking backwards flips the comparisons and the order; the page is reversed afterwards.
        let keys = sql.sortKeys(order, backwards: backwards)
        let uidDescending = order.uidDescending != backwards
        let projection = sql.projection(fields)
        let keyset = position.map { " AND " + sql.keyset(after: $0, keys: keys, uidDescending: uidDescending) } ?? ""
        // The page is chosen in the inner query and rendered in the outer one: PostgreSQL computes
        // a select list before the sort under a LIMIT, so rendering at one level turned every match
        // into text (1,441 bodies for a page of 101 under a key 1/70 of the catalog holds). A sorted
        // subquery is never merged into its query, and the outer scan keeps its order.
        var text = """
            SELECT e.sort_values, e.uid, e.ref, \(projection.sql)::text FROM (
                SELECT ARRAY[\(keys.map(\.expression).joined(separator: ", "))]::text[] AS sort_values, e.uid, e.ref, e.body, e.errors
                FROM \(rows.from)
                WHERE \(condition)\(rows.condition)\(keyset)
                ORDER BY \(sql.orderBy(keys, uidDescending: uidDescending))
            """
        if let limit { text += " LIMIT \(sql.builder.bind(limit + 1))" }
        if offset > 0 { text += " OFFSET \(sql.builder.bind(offset))" }
        text += "\n) AS e"
        var page: [Row] = []
        var refs: [String] = []
        for try await (sortValues, uid, ref, json) in try await connection.checkedQuery(sql.builder.query(text), logger: logger)
            .decode(([String], UUID, String, String).self) {
            page.append(Row(sortValues: sortValues, uid: uid, json: json))
            refs.append(ref)
        }
        let hasMore = limit.map { page.count > $0 } ?? false
        if hasMore { page.removeLast(); refs.removeLast() }
        let json = try await withRelations(page.map(\.json), of: refs, projection)
        page = zip(page, json).map { Row(sortValues: $0.sortValues, uid: $0.uid, json: $1) }
        if backwards { page.reverse() }
        guard position == nil, offset == 0, countTotal else { return (page, hasMore, nil) }
        let total = hasMore ? try await count(filter: filter, fullText: fullText, using: unbound) : page.count
        return (page, hasMore, total)
    }

    /// SQL for `filter`, using the promoted columns wherever no entity of this tenant holds
    /// several values for the key (then `search` answers it, exactly as before).
    func sqlBuilder(for filter: EntityFilter) async throws -> EntitySQL {
        var sql = PromotedColumns.keys(in: filter).isEmpty ? EntitySQL() : EntitySQL(filter: filter, multiValuedKeys: try await multiValuedKeys())
        sql.rareKeys = try await rareExistenceKeys(in: filter)
        return sql
    }

    /// Promoted keys some entity of this tenant holds several values for (a partial index lookup).
    func multiValuedKeys() async throws -> Set<String> {
        var keys = Set<String>()
        let text = "SELECT DISTINCT unnest(multi_valued_keys) FROM entities WHERE multi_valued_keys IS NOT NULL"
        for try await key in try await connection.checkedQuery(PostgresQuery(unsafeSQL: text), logger: logger).decode(String.self) {
            keys.insert(key)
        }
        return keys
    }

    /// Entities by lowercased ref, as JSON text.
    func byRefs(_ keys: [String], fields: FieldSelection?) async throws -> [String: String] {
        var sql = EntitySQL()
        let projection = sql.projection(fields)
        let keysParameter = sql.builder.bind(keys)
        var refs: [String] = [], json: [String] = []
        let text = "SELECT e.ref, \(projection.sql)::text FROM entities e WHERE e.ref = ANY(\(keysParameter))"
        for try await (ref, entity) in try await connection.checkedQuery(sql.builder.query(text), logger: logger).decode((String, String).self) {
            refs.append(ref)
            json.append(entity)
        }
        return Dictionary(zip(refs, try await withRelations(json, of: refs, projection))) { _, last in last }
    }

    func byUID(_ uid: UUID) async throws -> String? {
        let query: PostgresQuery = "SELECT e.ref, \(unescaped: EntitySQL.fullEntity)::text FROM entities e WHERE e.uid = \(uid)"
        var found: (ref: String, json: String)?
        for try await (ref, json) in try await connection.checkedQuery(query, logger: logger).decode((String, String).self) { found = (ref, json) }
        guard let found else { return nil }
        return try await withRelations([found.json], of: [found.ref], EntitySQL.Projection(sql: EntitySQL.fullEntity, addsRelations: true)).first
    }

    /// Value counts per facet over the filtered entities. Without a filter the commonest keys come
    /// from the counts the writer keeps (learned keys from their postings' counts); under a filter of
    /// kinds and types, from its kept counts per bucket (`bucketFacets`); under another, from their
    /// postings (`postingFacets`). Other flattened keys are counted from the search index (many
    /// rows make the key worth postings), one pass per key (each entity has a (key,
    /// value) row at most once, so rows count entities), other `relations.<type>` keys from the
    /// relations table in both directions. Values are grouped as written, as Backstage does:
    /// `Website` and `website` are two values.
    func facets(_ facets: [String], filter: EntityFilter) async throws -> [String: [(value: String, count: Int)]] {
        let keys = Set(facets.map { $0.lowercased() })
        let multiValued = PromotedColumns.keys(in: filter).isEmpty ? [] : try await multiValuedKeys()
        var unbound = EntitySQL(filter: filter, multiValuedKeys: multiValued)
        unbound.rareKeys = try await rareExistenceKeys(in: filter)
        let fromBuckets = filter.isEmpty ? nil : try await bucketFacets(keys, filter: filter, exactPromotedKeys: unbound.exactPromotedKeys)
        // Under a filter every entity meets, the kept counts of search keys answer as well (not
        // those of relations: a relation's other end need not be an entity, and a filter leaves such ends out).
        let everyEntity = filter.isEmpty || fromBuckets != nil ? false : try await matchesEveryEntity(filter, using: unbound)
        let counted = filter.isEmpty ? keys.intersection(FacetCounts.keys) : everyEntity ? keys.intersection(FacetCounts.searchKeys) : []
        let unanswered = keys.subtracting(counted).subtracting(fromBuckets.map { Array($0.keys) } ?? [])
        let fromPostings = filter.isEmpty || everyEntity ? try await learnedKeyTotals(unanswered)
            : try await postingFacets(unanswered, filter: filter, using: unbound)
        let uncounted = unanswered.subtracting(fromPostings.keys)
        let relationTypes = RelationRules.allTypes.filter { uncounted.contains("relations." + $0.lowercased()) }
        let searchKeys = uncounted.filter { !$0.hasPrefix("relations.") }
        var sql = unbound
        var arms: [String] = []
        if !counted.isEmpty {
            arms.append("SELECT key, original_value, count FROM facet_counts WHERE key = ANY(\(sql.builder.bind(Array(counted)))) AND count > 0")
        }
        // One arm per key, grouped by value alone: the planner then expects as many groups as the
        // key has values (not as all keys together have) and hashes them instead of sorting every row.
        for key in searchKeys.sorted() {
            let keyParameter = sql.builder.bind(key)
            let scope = filter.isEmpty || everyEntity ? "" : " AND " + searchScope(filter, sql: &sql)
            arms.append("""
                SELECT \(keyParameter)::text, s.original_value, count(*)::bigint FROM search s
                WHERE s.key = \(keyParameter)\(scope)
                GROUP BY s.original_value
                """)
        }
        if !relationTypes.isEmpty {
            let types = sql.builder.bind(Array(relationTypes))
            let scope = filter.isEmpty ? "" : " WHERE r.source_key IN (SELECT e.ref FROM entities e WHERE \(sql.condition(filter: filter, fullText: nil)))"
            arms.append("""
                SELECT 'relations.' || lower(r.type), r.target_ref, count(DISTINCT r.source_key)::bigint
                FROM (SELECT type, source_key, target_ref FROM relations WHERE type = ANY(\(types))
                      UNION ALL
                      SELECT reverse_type, target_key, source_ref FROM relations WHERE reverse_type = ANY(\(types))) r\(scope)
                GROUP BY r.type, r.target_ref
                """)
        }
        var byKey: [String: [(String, Int)]] = fromPostings.merging(fromBuckets ?? [:]) { $1 }.mapValues { $0.map { ($0.value, $0.count) } }
        if !arms.isEmpty {
            let text = arms.joined(separator: "\nUNION ALL\n") + "\nORDER BY 1, 3 DESC, 2"
            for try await (key, value, count) in try await connection.checkedQuery(sql.builder.query(text), logger: logger)
                .decode((String, String, Int).self) {
                byKey[key, default: []].append((value, count))
            }
        }
        if !searchKeys.isEmpty { try await noteKeysWorthPostings(searchKeys, countedRows: byKey) }
        var result: [String: [(value: String, count: Int)]] = [:]
        for facet in facets { result[facet] = (byKey[facet.lowercased()] ?? []).map { (value: $0.0, count: $0.1) } }
        return result
    }

    /// Search rows `s` of the entities meeting `filter`: the condition put on the row's entity uid
    /// when the filter reads only `search` (a join of two index ranges), otherwise through `entities`.
    private func searchScope(_ filter: EntityFilter, sql: inout EntitySQL) -> String {
        guard sql.readsOnlySearch(filter) else {
            return "s.entity_uid IN (SELECT e.uid FROM entities e WHERE \(sql.condition(filter: filter, fullText: nil)))"
        }
        sql.entityUID = "s.entity_uid"
        defer { sql.entityUID = "e.uid" }
        return sql.condition(filter: filter, fullText: nil)
    }
}
