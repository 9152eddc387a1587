import Foundation
import PorticoStore
import PostgresNIO
import Testing
@testable import PorticoApp

/// `signals/0002_ci_day_lists` on daily totals as 0001 wrote them: days whose runs are kept gain
/// the successful runs' count and their durations and lead times; a day without runs is left alone.
@Suite struct SignalsCIDayMigrationTests {
    @Test func keptDaysGainTheirRunsListsAndOlderDaysStayAsTheyWere() async throws {
        try await TestDatabase.withShared { runtime in
            let files = ScratchSchema.migrations(of: "signals", in: runtime)
            try #require(files.count >= 2)
            let days = try await ScratchSchema.with(runtime, prefix: "ciday") { connection, logger in
                try await connection.executeScript(files[0].sql, logger: logger)
                try await connection.executeScript("""
                    INSERT INTO signals VALUES
                        ('e1', 1, '2026-11-02 09:00Z', 'github\u{1F}1',
                         '{"status": "completed", "failed": false, "durationSeconds": 120, "leadTimeHours": 3, "run": {"conclusion": "success"}}'),
                        ('e1', 1, '2026-11-02 23:59Z', 'github\u{1F}2',
                         '{"status": "completed", "failed": true, "durationSeconds": 60, "run": {"conclusion": "failure"}}'),
                        ('e1', 1, '2026-11-03 00:00Z', 'github\u{1F}3', '{"status": "in_progress", "failed": false, "run": {}}'),
                        ('e1', 3, '2026-11-02Z', '', '{"runs": 2, "failures": 1}'),
                        ('e1', 3, '2026-11-03Z', '', '{"runs": 0, "failures": 0}'),
                        ('e1', 3, '2026-06-01Z', '', '{"runs": 4, "failures": 0}');
                    """, logger: logger)
                try await connection.executeScript(files[1].sql, logger: logger)
                var days: [String] = []
                for try await (day, body) in try await connection.query(
                    "SELECT to_char(at AT TIME ZONE 'UTC', 'MM-DD'), body::text FROM signals WHERE part = 3 ORDER BY at", logger: logger
                ).decode((String, String).self) {
                    days.append("\(day) \(body)")
                }
                return days
            }
            #expect(days == [
                #"06-01 {"runs": 4, "failures": 0}"#,
                #"11-02 {"runs": 2, "failures": 1, "succeeded": 1, "leadTimesHours": [3], "durationsSeconds": [120, 60]}"#,
                #"11-03 {"runs": 0, "failures": 0, "succeeded": 0, "leadTimesHours": [], "durationsSeconds": []}"#,
            ])
        }
    }
}
