import Foundation
import PostgresNIO

/// Keeping `facet_counts` in step with the rows it counts (see `FacetCounts`).
extension EntityWriter {
    /// Subtracts the counted search and relation rows, the keys held and the buckets, of entities
    /// about to be replaced or deleted: before their `entities` row changes, since a bucket is the
    /// entity's kind and type.
    func subtractFacetCounts(of uids: [UUID]) async throws {
        let searchKeys = Array(FacetCounts.searchKeys)
        let types = Array(FacetCounts.relationKeysByType.keys)
        // The counts that reached zero are deleted by key: a scan of the whole table for them would
        // cost every write in proportion to the tenant's catalog (one row per search key held).
        var emptiedKeys: [String] = []
        var emptiedValues: [String] = []
        for try await (key, value) in try await connection.checkedQuery("""
            WITH updated AS (
                UPDATE facet_counts f SET count = f.count - gone.n
                FROM (SELECT key, original_value, count(*) AS n FROM (
                          SELECT key, original_value FROM search WHERE entity_uid = ANY(\(uids)) AND key = ANY(\(searchKeys))
                          UNION ALL
                          SELECT \(unescaped: FacetBuckets.keySQL), s.original_value FROM search s JOIN entities e ON e.uid = s.entity_uid
                          WHERE s.entity_uid = ANY(\(uids)) AND s.key = ANY(\(searchKeys))
                          UNION ALL
                          SELECT \(FacetBuckets.listKey)::text, \(unescaped: FacetBuckets.listValueSQL) FROM entities e WHERE e.uid = ANY(\(uids))
                          UNION ALL
                          SELECT \(FacetCounts.presenceKey)::text, key FROM (SELECT DISTINCT entity_uid, key FROM search WHERE entity_uid = ANY(\(uids))) held
                          UNION ALL
                          SELECT 'relations.' || lower(type), target_ref FROM relations
                          WHERE originating_uid = ANY(\(uids)) AND type = ANY(\(types))
                          UNION ALL
                          SELECT 'relations.' || lower(reverse_type), source_ref FROM relations
                          WHERE originating_uid = ANY(\(uids)) AND reverse_type = ANY(\(types))
                      ) counted GROUP BY key, original_value) gone
                WHERE f.key = gone.key AND f.original_value = gone.original_value
                RETURNING f.key, f.original_value, f.count
            )
            SELECT key, original_value FROM updated WHERE count <= 0
            """, logger: logger).decode((String, String).self) {
            emptiedKeys.append(key)
            emptiedValues.append(value)
        }
        guard !emptiedKeys.isEmpty else { return }
        try await connection.execute("""
            DELETE FROM facet_counts
            WHERE (key, original_value) IN (SELECT * FROM unnest(\(emptiedKeys)::text[], \(emptiedValues)::text[])) AND count <= 0
            """, logger: logger)
    }

    func addFacetCounts(_ increments: FacetCounts.Increments) async throws {
        guard !increments.isEmpty else { return }
        try await connection.checkedQuery("""
            INSERT INTO facet_counts (key, original_value, count)
            SELECT * FROM unnest(\(increments.keys)::text[], \(increments.values)::text[], \(increments.counts)::bigint[])
            ON CONFLICT (key, original_value) DO UPDATE SET count = facet_counts.count + EXCLUDED.count
            """, logger: logger)
    }
}
