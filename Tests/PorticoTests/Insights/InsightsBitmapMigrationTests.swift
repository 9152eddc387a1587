import Foundation
import PorticoStore
import PostgresNIO
import Testing
@testable import PorticoApp

/// `insights/0003_user_bitmaps` on a tenant's rollups as 0001–0002 wrote them: users get ordinals
/// in first-seen order, all-users rows get the sets of the users whose rows they total, activity
/// gets all-users rows per day and hour, and per-user hourly rows go.
@Suite struct InsightsBitmapMigrationTests {
    @Test func existingRollupsGetOrdinalsAndSets() async throws {
        try await TestDatabase.withShared { runtime in
            let files = ScratchSchema.migrations(of: "insights", in: runtime)
            try #require(files.count >= 3)
            let (users, rollups, next) = try await ScratchSchema.with(runtime, prefix: "bitmaps") { connection, logger in
                for file in files.prefix(2) { try await connection.executeScript(file.sql, logger: logger) }
                try await connection.executeScript("""
                    INSERT INTO insights_users VALUES
                        ('p:b', '2026-11-01 05:00Z', '2026-11-03Z'), ('p:a', '2026-11-01 01:00Z', '2026-11-02Z'),
                        ('p:c', '2026-11-02 01:00Z', '2026-11-02 01:00Z');
                    INSERT INTO insights_rollups VALUES
                        (0, '2026-11-01 01:00Z', '', 'p:a', 2, 0, 0), (0, '2026-11-01 01:00Z', '', 'p:b', 3, 0, 0),
                        (0, '2026-11-02 01:00Z', '', 'p:c', 1, 0, 0),
                        (1, '2026-11-01Z', '', 'p:a', 2, 0, 0), (1, '2026-11-01Z', '', 'p:b', 3, 0, 0), (1, '2026-11-02Z', '', 'p:c', 1, 0, 0),
                        (2, '2026-11-01Z', 'catalog', 'p:a', 2, 0, 0), (2, '2026-11-01Z', 'catalog', 'p:b', 3, 0, 0),
                        (2, '2026-11-01Z', 'catalog', '', 5, 0, 0),
                        (2, '2026-11-02Z', 'catalog', 'p:c', 1, 0, 0), (2, '2026-11-02Z', 'catalog', '', 1, 0, 0);
                    """, logger: logger)
                try await connection.executeScript(files[2].sql, logger: logger)

                var users: [String] = []
                for try await (user, ordinal) in try await connection.query(
                    "SELECT user_key, ordinal FROM insights_users ORDER BY ordinal", logger: logger).decode((String, Int).self) {
                    users.append("\(user) \(ordinal)")
                }
                var rollups: [String] = []
                for try await (dimension, day, key, user, events, set) in try await connection.query("""
                    SELECT dimension::int, to_char(bucket AT TIME ZONE 'UTC', 'DD HH24'), key, user_key, events::int, coalesce(users::text, '-')
                    FROM insights_rollups ORDER BY dimension, bucket, key, user_key
                    """, logger: logger).decode((Int, String, String, String, Int, String).self) {
                    rollups.append("\(dimension)|\(day)|\(key)|\(user)|\(events)|\(set)")
                }
                var next = 0
                for try await value in try await connection.query(
                    "SELECT next_ordinal FROM insights_rollup_state", logger: logger).decode(Int.self) {
                    next = value
                }
                return (users, rollups, next)
            }
            #expect(users == ["p:a 0", "p:b 1", "p:c 2"])
            #expect(next == 3)
            #expect(rollups == [
                "0|01 01|||5|110", "0|02 01|||1|001",
                "1|01 00|||5|110", "1|01 00||p:a|2|-", "1|01 00||p:b|3|-", "1|02 00|||1|001", "1|02 00||p:c|1|-",
                "2|01 00|catalog||5|110", "2|01 00|catalog|p:a|2|-", "2|01 00|catalog|p:b|3|-",
                "2|02 00|catalog||1|001", "2|02 00|catalog|p:c|1|-",
            ])
        }
    }
}
