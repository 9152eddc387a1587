import Foundation
import HummingbirdTesting
import PostgresNIO
import Testing
@testable import PorticoApp
@testable import PorticoInsights

/// Retention deletes events, rollup buckets and users not seen since before the tenant's retention
/// (here one month), in batches, and keeps everything newer exact. The API refuses events older
/// than 35 days, so the old rows are written into the tenant's schema directly.
@Suite struct InsightsRetentionTests {
    @Test func retentionDropsWhatIsOlderThanTheTenantsMonths() async throws {
        let recent = EventGenerator.month(users: 5, firstDay: 20, lastDay: 1, seed: 51, idPrefix: "keep")
        let expected = InsightsExpectations(events: recent)
        try await TestDatabase.withShared { runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                let changed = try await client.call(.put, "/api/insights/settings", token: tenant.apiKey, json: ["retentionMonths": 1])
                #expect(changed.json["retentionMonths"] as? Int == 1, "\(changed.json)")
                try await client.postAll(recent, token: tenant.apiKey)
                try await runtime.rollUpInsights(tenant.id)

                let today = UTC.today
                let cutoff = UTC.months(-1, from: today)
                // Old rows: 10,050 events (more than one deletion batch) from a second before the
                // cutoff back; their buckets; a user last seen before the cutoff. And rows at the
                // cutoff itself, which stay.
                try await runtime.database.withTenantTransaction(tenant.id) { connection in
                    let logger = runtime.logger
                    try await connection.query("""
                        INSERT INTO insights_events (event_key, fingerprint, occurred_at, user_key, action, subject, plugin_id)
                        SELECT gen_random_uuid(), n, \(cutoff) - make_interval(secs => n), 'p:old', 'navigate', '/old', 'catalog'
                        FROM generate_series(1, 10050) AS n
                        """, logger: logger)
                    try await connection.query("""
                        INSERT INTO insights_events (event_key, fingerprint, occurred_at, user_key, action, subject, plugin_id)
                        VALUES (gen_random_uuid(), 0, \(cutoff), 'p:edge', 'navigate', '/edge', 'catalog')
                        """, logger: logger)
                    try await connection.query("""
                        INSERT INTO insights_rollups (dimension, bucket, key, user_key, events, value_sum, value_count)
                        SELECT d, b, k, u, 1, 0, 0
                        FROM unnest(ARRAY[0, 1, 1, 2, 2, 6]::smallint[],
                                    ARRAY[\(cutoff) - interval '1 hour', \(cutoff) - interval '1 day', \(cutoff) - interval '60 days',
                                          \(cutoff) - interval '1 day', \(cutoff) - interval '1 day', \(cutoff) - interval '3 days']::timestamptz[],
                                    ARRAY['', '', '', 'catalog', 'catalog', 'old term'],
                                    ARRAY['p:old', 'p:old', 'p:old', 'p:old', '', '']) AS t(d, b, k, u)
                        """, logger: logger)
                    try await connection.query("""
                        INSERT INTO insights_rollups (dimension, bucket, key, user_key, events, value_sum, value_count)
                        VALUES (1, \(cutoff), '', 'p:edge', 1, 0, 0)
                        """, logger: logger)
                    try await connection.query("""
                        INSERT INTO insights_users (user_key, first_seen, last_seen, ordinal)
                        SELECT u, \(cutoff) - interval '90 days', \(cutoff) - s, next_ordinal + n - 1
                        FROM insights_rollup_state,
                             unnest(ARRAY['p:old', 'p:edge'], ARRAY[interval '1 second', interval '0'], ARRAY[1, 2]) AS t(u, s, n)
                        """, logger: logger)
                    try await connection.query("""
                        UPDATE insights_rollup_state SET next_ordinal = next_ordinal + 2
                        """, logger: logger)
                }
                // A week that ended before the cutoff goes; the week and month holding it stay until they end.
                try await runtime.database.withTenantTransaction(tenant.id) { connection in
                    try await connection.execute("""
                        INSERT INTO insights_rollups (dimension, bucket, key, user_key, events, value_sum, value_count)
                        VALUES (2, date_trunc('week', \(cutoff) - interval '8 days', 'UTC'), 'old', '#week', 1, 0, 0),
                               (2, date_trunc('week', \(cutoff), 'UTC'), 'edge', '#week', 1, 0, 0),
                               (2, date_trunc('month', \(cutoff), 'UTC'), 'edge', '#month', 1, 0, 0)
                        ON CONFLICT DO NOTHING
                        """, logger: runtime.logger)
                }
                let rollupsBefore = try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_rollups")

                let deleted = try await RetentionPolicy(database: runtime.database, settings: InsightsSettingsStore(database: runtime.database))
                    .apply(for: tenant.id)
                #expect(deleted == 10_050)
                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_events WHERE occurred_at < now() - interval '27 days' AND user_key = 'p:old'") == 0)
                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_events") == recent.count + 1)
                #expect(try await runtime.insightsCount(tenant.id, "SELECT count(*)::int FROM insights_rollups") == rollupsBefore - 7)
                #expect(try await runtime.insightsTexts(tenant.id, "SELECT user_key FROM insights_rollups WHERE key IN ('old', 'edge') ORDER BY user_key")
                    == ["#month", "#week"])
                #expect(try await runtime.insightsTexts(tenant.id, "SELECT user_key FROM insights_users WHERE user_key LIKE 'p:%' AND user_key IN ('p:old', 'p:edge')") == ["p:edge"])
                // A second run has nothing left to do.
                #expect(try await RetentionPolicy(database: runtime.database, settings: InsightsSettingsStore(database: runtime.database))
                    .apply(for: tenant.id) == 0)

                // The recent month is untouched.
                let from = UTC.days(-20, from: today)
                let range = "from=\(UTC.label(from))&to=\(UTC.label(today))"
                let active = try await client.report("/api/insights/active-users?\(range)", token: tenant.apiKey)
                #expect(ReportJSON.series(active) == expected.activeUsers(from: from, to: today, grouping: "day"))
                let plugins = try await client.report("/api/insights/top?dimension=plugins&\(range)&limit=100", token: tenant.apiKey)
                expectTop(plugins, expected.top("plugins", from: from, to: today), limit: 100, "plugins")
            }
        }
    }
}
