import Foundation
import PorticoStore
import PostgresNIO
import Testing
@testable import PorticoApp

/// `signals/0002_ci_day_lists` on daily totals as 0001 wrote them: days whose runs are kept gain
/// the successful runs' count and their durations and lead times; a day without runs is left alone.
/// `signals/0003_ci_windows` then gives each entity one row with its days of the last 30.
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

    @Test func eachEntityGetsOneRowWithItsDaysOfTheLast30() async throws {
        try await TestDatabase.withShared { runtime in
            let files = ScratchSchema.migrations(of: "signals", in: runtime)
            try #require(files.count >= 3)
            let windows = try await ScratchSchema.with(runtime, prefix: "ciwindow") { connection, logger in
                for file in files.prefix(2) { try await connection.executeScript(file.sql, logger: logger) }
                try await connection.executeScript("""
                    INSERT INTO signals
                    SELECT scope, 3, (date_trunc('day', now() AT TIME ZONE 'UTC') - make_interval(days => ago)) AT TIME ZONE 'UTC', '',
                           jsonb_build_object('runs', runs, 'durationSeconds', 10, 'leadTimes', 0, 'leadTimeHours', 0, 'durationsSeconds', '[10]'::jsonb)
                    FROM (VALUES ('e1', 0, 1), ('e1', 29, 2), ('e1', 30, 4), ('e2', 45, 8)) AS d(scope, ago, runs);
                    """, logger: logger)
                try await connection.executeScript(files[2].sql, logger: logger)
                var windows: [String] = []
                for try await (scope, runs, days, at) in try await connection.query("""
                    SELECT scope, (SELECT sum((value->>'runs')::int)::int FROM jsonb_each(body)),
                           (SELECT count(*)::int FROM jsonb_each(body) WHERE value ? 'durationSeconds'), at = 'epoch'
                    FROM signals WHERE part = 10 ORDER BY scope
                    """, logger: logger).decode((String, Int, Int, Bool).self) {
                    windows.append("\(scope) \(runs) \(days) \(at)")
                }
                return windows
            }
            #expect(windows == ["e1 3 0 true"], "today and 29 days ago, not 30; e2 had no day in the window; sums left out")
        }
    }
}
