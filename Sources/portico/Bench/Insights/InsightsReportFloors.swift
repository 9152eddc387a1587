/// The raw-SQL scans of `insights_events` that each report replaces: the same answer computed
/// from the stored events (the floor the rollups are measured against; a ratio far below 1 is
/// their point). `start`/`end` are SQL timestamptz literals, `audience` an optional text[] literal.
struct InsightsReportFloors {
    let start: String
    let end: String

    private var inRange: String { "occurred_at >= \(start) AND occurred_at < \(end)" }

    private func restricted(_ audience: String?) -> String { audience.map { " AND user_key = ANY(\($0))" } ?? "" }

    func activeUsers(grouping: String, audience: String?) -> [String] {
        [
            """
            SELECT date_trunc('\(grouping)', occurred_at, 'UTC'), count(DISTINCT user_key) FROM insights_events
            WHERE \(inRange)\(restricted(audience)) GROUP BY 1
            """,
            """
            SELECT date_trunc('\(grouping)', first_seen, 'UTC'), count(*)
            FROM (SELECT min(occurred_at) AS first_seen FROM insights_events WHERE true\(restricted(audience)) GROUP BY user_key) f
            WHERE first_seen >= \(start) AND first_seen < \(end) GROUP BY 1
            """,
            "SELECT count(DISTINCT user_key) FROM insights_events WHERE \(inRange)\(restricted(audience))",
        ]
    }

    /// The key and the condition of each dimension, as the rollup maps events.
    static func mapping(_ dimension: String) -> (key: String, condition: String) {
        let path = "split_part(split_part(subject, '?', 1), '#', 1)"
        switch dimension {
        case "plugins": return ("plugin_id", "true")
        case "pages": return (path, "action = 'navigate'")
        case "entities": return ("entity_ref", "action = 'navigate' AND entity_ref IS NOT NULL")
        case "tabs":
            return ("coalesce(nullif(split_part(\(path), '/', 6), ''), 'overview')",
                    "action = 'navigate' AND entity_ref IS NOT NULL AND split_part(\(path), '/', 2) = 'catalog' AND split_part(\(path), '/', 5) <> ''")
        case "searches": return ("lower(btrim(subject))", "action = 'search'")
        case "zero-result-searches": return ("lower(btrim(subject))", "action = 'search' AND value = 0")
        case "templates": return ("entity_ref", "action = 'create' AND entity_ref LIKE 'template:%'")
        case "docs": return (path, "action = 'navigate' AND plugin_id = 'techdocs'")
        case "not-found": return (path, "action = 'not-found'")
        default: return ("coalesce(attributes->>'to', subject)", "action = 'discover'")
        }
    }

    func top(_ dimension: String, limit: Int, audience: String?) -> [String] {
        let (key, condition) = Self.mapping(dimension)
        return ["""
            SELECT \(key) AS key, count(*), count(DISTINCT user_key), coalesce(sum(value), 0) FROM insights_events
            WHERE \(inRange) AND \(condition)\(restricted(audience))
            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT \(limit)
            """]
    }

    /// `members`: a literal of `unnest(keys, groups)`.
    func teams(members: String) -> [String] {
        ["""
         SELECT m.team, count(DISTINCT e.user_key), count(*) FROM insights_events e
         JOIN \(members) AS m(user_key, team) ON m.user_key = e.user_key
         WHERE \(inRange) GROUP BY 1
         """]
    }

    func retention(audience: String?) -> [String] {
        ["""
         WITH cohort AS (
             SELECT user_key, date_trunc('week', min(occurred_at), 'UTC') AS week FROM insights_events
             WHERE true\(restricted(audience)) GROUP BY user_key HAVING min(occurred_at) >= \(start) AND min(occurred_at) < \(end)
         ), active AS (
             SELECT DISTINCT user_key, date_trunc('week', occurred_at, 'UTC') AS week FROM insights_events
             WHERE \(inRange)\(restricted(audience))
         )
         SELECT c.week, (extract(epoch FROM a.week - c.week) / 604800)::int, count(*)
         FROM cohort c JOIN active a ON a.user_key = c.user_key AND a.week >= c.week GROUP BY 1, 2
         """]
    }
}
