/// A user's counts per key of a keyed dimension for one day (`insights_user_keys`): one row per
/// (user, dimension, day) with parallel arrays, so a rollup run upserts one row per user and
/// dimension it saw, not one per key. A run appends its entries to the stored arrays (a key may
/// then appear more than once: readers add its entries up); once the arrays hold twice the keys
/// they had when last compacted, the upsert compacts them to one entry per key. So appending
/// stays cheap and compaction costs O(1) per entry over time. SQL fragments for the fold, a
/// group's top list and erasure.
enum UserKeyCounts {
    /// The entries of row `row` as a relation `(key, events, value_sum, value_count)`, for `FROM`.
    static func entries(of row: String) -> String {
        "unnest(\(row).keys, \(row).events, \(row).value_sums, \(row).value_counts) AS entry(key, events, value_sum, value_count)"
    }

    /// Rows with `(key, events, value_sum, value_count)` columns, one per key, aggregated into the
    /// table's columns `(keys, events, value_sums, value_counts, distinct_keys)`. (The aggregates
    /// of one group see its rows in one order, so the arrays line up.)
    static let aggregated = "array_agg(key), array_agg(events), array_agg(value_sum), array_agg(value_count), count(*)::int"

    /// The `SET` of an upsert into `insights_user_keys AS k`: the new entries appended, or, past
    /// the threshold, the stored and new entries compacted key by key.
    static let merged = """
        keys = CASE WHEN \(compacting) THEN \(compacted("key", "keys")) ELSE k.keys || excluded.keys END,
        events = CASE WHEN \(compacting) THEN \(compacted("sum(events)::bigint", "events")) ELSE k.events || excluded.events END,
        value_sums = CASE WHEN \(compacting) THEN \(compacted("sum(value_sum)", "value_sums")) ELSE k.value_sums || excluded.value_sums END,
        value_counts = CASE WHEN \(compacting)
            THEN \(compacted("sum(value_count)::bigint", "value_counts")) ELSE k.value_counts || excluded.value_counts END,
        distinct_keys = CASE WHEN \(compacting)
            THEN (SELECT count(DISTINCT key)::int FROM \(bothEntries)) ELSE k.distinct_keys END
        """

    private static let compacting = "cardinality(k.keys) + cardinality(excluded.keys) > 2 * k.distinct_keys + 8"

    private static let bothEntries = "(SELECT * FROM \(entries(of: "k")) UNION ALL SELECT * FROM \(entries(of: "excluded"))) AS both_entries"

    /// One array of the compacted entries, in key order (so the four line up).
    private static func compacted(_ value: String, _ column: String) -> String {
        "(SELECT array_agg(\(column) ORDER BY key) FROM (SELECT key, \(value) AS \(column) FROM \(bothEntries) GROUP BY key) AS summed)"
    }
}
