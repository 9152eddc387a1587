import Foundation
import Logging
import PostgresNIO
import PorticoStore

/// The SQL behind the reports: reads of `insights_rollups` and `insights_users` only, never the
/// raw events. An audience of user keys restricts every read to them.
struct ReportReader {
    let connection: PostgresConnection
    let logger: Logger

    private static let activityDay = InsightsDimension.activityDay.rawValue

    /// Distinct active users per bucket.
    func activeUsers(in range: ReportRange, grouping: ReportGrouping, audience: [String]?) async throws -> [Date: Int] {
        let dimension = grouping == .hour ? InsightsDimension.activityHour.rawValue : Self.activityDay
        let rows = try await connection.checkedQuery("""
            SELECT date_trunc(\(grouping.rawValue), bucket, 'UTC'), count(DISTINCT user_key)::int
            FROM insights_rollups
            WHERE dimension = \(dimension) AND bucket >= \(range.start) AND bucket < \(range.end) AND key = ''
              AND (\(audience == nil) OR user_key = ANY(\(audience ?? [])))
            GROUP BY 1
            """, logger: logger)
        return try await Self.counts(rows)
    }

    /// Users first seen per bucket.
    func newUsers(in range: ReportRange, grouping: ReportGrouping, audience: [String]?) async throws -> [Date: Int] {
        let rows = try await connection.checkedQuery("""
            SELECT date_trunc(\(grouping.rawValue), first_seen, 'UTC'), count(*)::int
            FROM insights_users
            WHERE first_seen >= \(range.start) AND first_seen < \(range.end)
              AND (\(audience == nil) OR user_key = ANY(\(audience ?? [])))
            GROUP BY 1
            """, logger: logger)
        return try await Self.counts(rows)
    }

    func totalActiveUsers(in range: ReportRange, audience: [String]?) async throws -> Int {
        let rows = try await connection.checkedQuery("""
            SELECT count(DISTINCT user_key)::int FROM insights_rollups
            WHERE dimension = \(Self.activityDay) AND bucket >= \(range.start) AND bucket < \(range.end) AND key = ''
              AND (\(audience == nil) OR user_key = ANY(\(audience ?? [])))
            """, logger: logger)
        var total = 0
        for try await count in rows.decode(Int.self) { total = count }
        return total
    }

    struct KeyCount {
        let key: String
        var events: Int
        var users: Int
        var valueSum: Double
        var valueCount: Int
    }

    /// The keys with the most events; `keyPrefix` restricts them (`component:` for a kind).
    func top(
        _ dimension: InsightsDimension, in range: ReportRange, limit: Int, keyPrefix: String?, audience: [String]?
    ) async throws -> [KeyCount] {
        let prefix = keyPrefix.map { Self.likePrefix($0) } ?? "%"
        guard let audience else {
            // All users: ranked from the per-key totals, then distinct users for the winners only.
            let rows = try await connection.checkedQuery("""
                SELECT key, sum(events)::bigint, sum(value_sum), sum(value_count)::bigint
                FROM insights_rollups
                WHERE dimension = \(dimension.rawValue) AND bucket >= \(range.start) AND bucket < \(range.end)
                  AND user_key = '' AND key LIKE \(prefix)
                GROUP BY key ORDER BY 2 DESC, key LIMIT \(limit)
                """, logger: logger)
            var items: [KeyCount] = []
            for try await (key, events, valueSum, valueCount) in rows.decode((String, Int64, Double, Int64).self) {
                items.append(KeyCount(key: key, events: Int(events), users: 0, valueSum: valueSum, valueCount: Int(valueCount)))
            }
            let users = try await distinctUsers(dimension, in: range, keys: items.map(\.key))
            return items.map { item in
                var item = item
                item.users = users[item.key] ?? 0
                return item
            }
        }
        let rows = try await connection.checkedQuery("""
            SELECT key, sum(events)::bigint, count(DISTINCT user_key)::int, sum(value_sum), sum(value_count)::bigint
            FROM insights_rollups
            WHERE dimension = \(dimension.rawValue) AND bucket >= \(range.start) AND bucket < \(range.end)
              AND user_key = ANY(\(audience)) AND key LIKE \(prefix)
            GROUP BY key ORDER BY 2 DESC, key LIMIT \(limit)
            """, logger: logger)
        var items: [KeyCount] = []
        for try await (key, events, users, valueSum, valueCount) in rows.decode((String, Int64, Int, Double, Int64).self) {
            items.append(KeyCount(key: key, events: Int(events), users: users, valueSum: valueSum, valueCount: Int(valueCount)))
        }
        return items
    }

    /// Distinct users of a few keys. Days and keys are given as lists, so the primary key is entered
    /// once per (day, key) and only those keys' per-user rows are read; a range of days would read
    /// every key's per-user rows of the range.
    private func distinctUsers(_ dimension: InsightsDimension, in range: ReportRange, keys: [String]) async throws -> [String: Int] {
        guard !keys.isEmpty else { return [:] }
        let days = (range.first.number...range.last.number).map { UTCDay(number: $0).start }
        let rows = try await connection.checkedQuery("""
            SELECT key, count(DISTINCT user_key)::int FROM insights_rollups
            WHERE dimension = \(dimension.rawValue) AND bucket = ANY(\(days)::timestamptz[])
              AND key = ANY(\(keys)) AND user_key <> ''
            GROUP BY key
            """, logger: logger)
        var users: [String: Int] = [:]
        for try await (key, count) in rows.decode((String, Int).self) { users[key] = count }
        return users
    }

    struct TeamActivity {
        let activeUsers: Int
        let events: Int
    }

    /// Active users and events per group, from each user's direct memberships.
    func teams(in range: ReportRange, userKeys: [String], groups: [String]) async throws -> [String: TeamActivity] {
        let rows = try await connection.checkedQuery("""
            SELECT m.team, count(DISTINCT r.user_key)::int, sum(r.events)::bigint
            FROM unnest(\(userKeys)::text[], \(groups)::text[]) AS m(user_key, team)
            JOIN insights_rollups r ON r.user_key = m.user_key
            WHERE r.dimension = \(Self.activityDay) AND r.bucket >= \(range.start) AND r.bucket < \(range.end) AND r.key = ''
            GROUP BY m.team
            """, logger: logger)
        var teams: [String: TeamActivity] = [:]
        for try await (team, users, events) in rows.decode((String, Int, Int64).self) {
            teams[team] = TeamActivity(activeUsers: users, events: Int(events))
        }
        return teams
    }

    /// For each week users were first seen in the range: how many, and how many of them were
    /// active each week from then to the range's end (offset 0 is the first week).
    func cohorts(in range: ReportRange, audience: [String]?) async throws -> [(week: Date, offset: Int, users: Int)] {
        let rows = try await connection.checkedQuery("""
            WITH cohort AS (
                SELECT user_key, date_trunc('week', first_seen, 'UTC') AS week FROM insights_users
                WHERE first_seen >= \(range.start) AND first_seen < \(range.end)
                  AND (\(audience == nil) OR user_key = ANY(\(audience ?? [])))
            )
            SELECT c.week, (extract(epoch FROM date_trunc('week', r.bucket, 'UTC') - c.week) / 604800)::int AS offset,
                   count(DISTINCT r.user_key)::int
            FROM cohort c
            JOIN insights_rollups r ON r.user_key = c.user_key
            WHERE r.dimension = \(Self.activityDay) AND r.key = '' AND r.bucket >= c.week AND r.bucket < \(range.end)
            GROUP BY 1, 2
            """, logger: logger)
        var cells: [(week: Date, offset: Int, users: Int)] = []
        for try await (week, offset, users) in rows.decode((Date, Int, Int).self) { cells.append((week, offset, users)) }
        return cells
    }

    private static func counts(_ rows: PostgresRowSequence) async throws -> [Date: Int] {
        var counts: [Date: Int] = [:]
        for try await (start, count) in rows.decode((Date, Int).self) { counts[start] = count }
        return counts
    }

    /// A LIKE pattern matching texts that start with `prefix` taken literally.
    private static func likePrefix(_ prefix: String) -> String {
        prefix.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
