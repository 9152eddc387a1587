import Foundation
import PorticoStore
import PostgresNIO
import Testing
@testable import PorticoApp

/// `insights/0004_user_keys_per_day` on a tenant's rollups as 0003 left them: per-user rows of
/// keyed dimensions become one row per (user, dimension, day) with their keys in arrays; all-users
/// rows and per-user activity rows stay where they were.
@Suite struct InsightsUserKeysMigrationTests {
    @Test func perUserKeyedRowsBecomeOneRowPerUserDimensionAndDay() async throws {
        try await TestDatabase.withShared { runtime in
            let files = ScratchSchema.migrations(of: "insights", in: runtime)
            try #require(files.count >= 4)
            let (userKeys, rollups) = try await ScratchSchema.with(runtime, prefix: "userkeys") { connection, logger in
                for file in files.prefix(3) { try await connection.executeScript(file.sql, logger: logger) }
                try await connection.executeScript("""
                    INSERT INTO insights_rollups (dimension, bucket, key, user_key, events, value_sum, value_count, users) VALUES
                        (1, '2026-11-01Z', '', 'p:a', 4, 0, 0, NULL), (1, '2026-11-01Z', '', '', 4, 0, 0, B'1'),
                        (2, '2026-11-01Z', 'catalog', 'p:a', 3, 0, 0, NULL), (2, '2026-11-01Z', 'techdocs', 'p:a', 1, 0, 0, NULL),
                        (2, '2026-11-01Z', 'catalog', '', 3, 0, 0, B'1'), (2, '2026-11-01Z', 'techdocs', '', 1, 0, 0, B'1'),
                        (8, '2026-11-02Z', 'template:default/go', 'p:a', 2, 30, 2, NULL), (8, '2026-11-02Z', 'template:default/go', '', 2, 30, 2, B'1');
                    """, logger: logger)
                try await connection.executeScript(files[3].sql, logger: logger)

                var userKeys: [String] = []
                for try await (user, dimension, day, entries, distinct) in try await connection.query("""
                    SELECT k.user_key, k.dimension::int, to_char(k.day AT TIME ZONE 'UTC', 'DD'),
                           (SELECT string_agg(key || '=' || events || '/' || value_sum || '/' || value_count, ',' ORDER BY key)
                            FROM unnest(k.keys, k.events, k.value_sums, k.value_counts) AS e(key, events, value_sum, value_count)),
                           k.distinct_keys
                    FROM insights_user_keys k ORDER BY k.user_key, k.dimension, k.day
                    """, logger: logger).decode((String, Int, String, String, Int).self) {
                    userKeys.append("\(user)|\(dimension)|\(day)|\(entries)|\(distinct)")
                }
                var rollups: [String] = []
                for try await (dimension, key, user) in try await connection.query(
                    "SELECT dimension::int, key, user_key FROM insights_rollups ORDER BY dimension, key, user_key", logger: logger
                ).decode((Int, String, String).self) {
                    rollups.append("\(dimension)|\(key)|\(user)")
                }
                return (userKeys, rollups)
            }
            #expect(userKeys == ["p:a|2|01|catalog=3/0/0,techdocs=1/0/0|2", "p:a|8|02|template:default/go=2/30/2|1"])
            #expect(rollups == ["1||", "1||p:a", "2|catalog|", "2|techdocs|", "8|template:default/go|"])
        }
    }
}
