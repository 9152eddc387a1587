import Foundation
import HummingbirdTesting
import PorticoStore
import PostgresNIO
import Testing
@testable import PorticoApp
@testable import PorticoInsights

/// Rollups as real `portico worker` processes run them: a worker killed in the middle of a rollup
/// loses and doubles nothing (neither in the reports nor in the metered usage), and events reach
/// the reports without further events even when a transaction older than them was still open when
/// their rollup ran. (Timeouts only bound a hang: other tests' transactions anywhere in the cluster
/// hold every rollup's horizon back while they are open, so the suite cannot time freshness.)
@Suite(.serialized) struct InsightsWorkerTests {
    /// A short lease so a killed worker's job comes back soon; room for the rollup beside the
    /// retention job a worker starts with (which also waits for the test's lock); statements wait
    /// for the test's lock as long as the test holds it.
    static let workerEnvironment = [
        "PORTICO_WORKER_LEASE_SECONDS": "2", "PORTICO_WORKER_CONCURRENCY": "3",
        "PORTICO_DATABASE_LOCK_TIMEOUT_MILLISECONDS": "600000",
    ]

    static func rollupJobs(
        _ runtime: Runtime, _ tenant: TestTenant, kind: String = "insights.rollup"
    ) async throws -> [(id: Int64, state: String, attempts: Int)] {
        var jobs: [(Int64, String, Int)] = []
        let rows = try await runtime.database.query("""
            SELECT id, state, attempts FROM control.jobs
            WHERE kind = \(kind) AND payload->>'tenantID' = \(tenant.id.description) ORDER BY id
            """)
        for try await row in rows.decode((Int64, String, Int).self) { jobs.append(row) }
        return jobs
    }

    static let unrolled = "SELECT count(*)::int FROM insights_events, insights_rollup_state WHERE written_by >= watermark"

    @Test func aWorkerKilledMidRollupLosesAndDoublesNothing() async throws {
        let first = EventGenerator.month(users: 8, firstDay: 12, lastDay: 1, seed: 61, idPrefix: "before")
        let second = EventGenerator.month(users: 12, firstDay: 6, lastDay: 1, seed: 62, idPrefix: "during")
        let expected = InsightsExpectations(events: first + second)
        try await TestDatabase.withFreshMigrated { url, runtime in
            let tenant = try await TestTenants.create(runtime)
            try await LiveServer.with(runtime) { client in
                // A first batch, rolled up before the crash: the rerun must not count it again.
                try await client.postAll(first, token: tenant.apiKey)
                try await runtime.rollUpInsights(tenant.id)

                // Hold the tenant's users table (a table lock takes no transaction id, so the
                // rollup's horizon still covers the second batch): the rollup's statement waits for
                // it, inside the transaction that also holds the watermark.
                let blocker = try await TestDatabase.connect(to: url, id: 77)
                try await blocker.query("BEGIN", logger: runtime.logger)
                try await blocker.query(
                    "LOCK TABLE \(unescaped: tenant.id.schemaName.name).insights_users IN SHARE MODE", logger: runtime.logger)
                try await client.postAll(second, token: tenant.apiKey)

                let doomed = try PorticoProcess(["worker", "--name", "doomed"], databaseURL: url, environment: Self.workerEnvironment)
                try await eventually("the worker's rollup waits for the users table", timeout: .seconds(120)) {
                    let rows = try await runtime.database.query("""
                        SELECT count(*)::int FROM pg_stat_activity
                        WHERE application_name = 'portico-worker' AND wait_event_type = 'Lock' AND datname = \(url.database)
                          AND query LIKE '%WITH batch AS MATERIALIZED%'
                        """)
                    for try await count in rows.decode(Int.self) { return count > 0 }
                    return false
                }
                doomed.kill()
                try await blocker.query("ROLLBACK", logger: runtime.logger)
                try await blocker.close()
                #expect(try await runtime.insightsCount(tenant.id, Self.unrolled) == second.count, "the killed run committed nothing")

                let rescuer = try PorticoProcess(["worker", "--name", "rescuer"], databaseURL: url, environment: Self.workerEnvironment)
                defer { rescuer.stop() }
                try await eventually("the rollup runs again and takes every event", timeout: .seconds(180), every: .milliseconds(200)) {
                    let jobs = try await Self.rollupJobs(runtime, tenant)
                    let unrolled = try await runtime.insightsCount(tenant.id, Self.unrolled)
                    return jobs.allSatisfy { $0.state == "succeeded" } && unrolled == 0
                }
                let jobs = try await Self.rollupJobs(runtime, tenant)
                // The batches may span two periods: each period's job may have died with the worker.
                #expect(jobs.contains { $0.attempts == 2 }, "an attempt died with the worker, the next succeeded: \(jobs)")
                #expect(jobs.allSatisfy { $0.attempts <= 2 }, "\(jobs)")

                let today = UTC.today, from = UTC.days(-12, from: today)
                let range = "from=\(UTC.label(from))&to=\(UTC.label(today))"
                for grouping in ["day", "week"] {
                    let json = try await client.report("/api/insights/active-users?\(range)&grouping=\(grouping)", token: tenant.apiKey)
                    #expect(ReportJSON.series(json) == expected.activeUsers(from: from, to: today, grouping: grouping), "\(grouping)")
                }
                for dimension in ["plugins", "searches", "templates", "pages"] {
                    let json = try await client.report("/api/insights/top?dimension=\(dimension)&\(range)&limit=100", token: tenant.apiKey)
                    expectTop(json, expected.top(dimension, from: from, to: today), limit: 100, dimension)
                }
                #expect(ReportJSON.cohorts(try await client.report("/api/insights/retention?\(range)", token: tenant.apiKey))
                    == expected.retention(from: from, to: today))
                #expect(try await runtime.insightsCount(tenant.id, "SELECT sum(events)::int FROM insights_rollups WHERE dimension = 1 AND user_key <> ''")
                    == first.count + second.count)
                #expect(try await runtime.insightsCount(tenant.id, "SELECT sum(events)::int FROM insights_rollups WHERE dimension = 1 AND user_key = ''")
                    == first.count + second.count)

                // Billing saw each event once.
                let usage = try await runtime.database.query("""
                    SELECT coalesce(sum(quantity), 0)::int FROM control.usage_records
                    WHERE tenant_id = \(tenant.id.uuid) AND meter = 'insights.events'
                    """)
                for try await total in usage.decode(Int.self) { #expect(total == first.count + second.count) }
                // And each user once per month of their events, as a seat, however often reported.
                let seatReport = SeatReport(database: runtime.database, usage: runtime.usage)
                try await seatReport.report(for: tenant.id)
                try await seatReport.report(for: tenant.id)
                let users = try await runtime.insightsCount(tenant.id, """
                    SELECT count(DISTINCT (to_char(occurred_at AT TIME ZONE 'UTC', 'YYYY-MM'), user_key))::int FROM insights_events
                    """)
                let seats = try await runtime.database.query("""
                    SELECT coalesce(sum(quantity), 0)::int FROM control.usage_records
                    WHERE tenant_id = \(tenant.id.uuid) AND meter = 'seats' AND dimension = 'insights'
                    """)
                for try await total in seats.decode(Int.self) { #expect(total == users, "seats \(total), users by month \(users)") }
                #expect(rescuer.stop() == 0)
            }
        }
    }

    /// Once a merge is due after a run (here: after any row), a worker merges the tenant's per-user
    /// rows: each key of a user is one row again, and the reports are what they were.
    @Test func aWorkerMergesTheRunsRowsOnceAMergeIsDue() async throws {
        let batches = [
            EventGenerator.month(users: 6, firstDay: 8, lastDay: 1, seed: 71, idPrefix: "one"),
            EventGenerator.month(users: 6, firstDay: 8, lastDay: 1, seed: 72, idPrefix: "two"),
        ]
        let expected = InsightsExpectations(events: batches.flatMap { $0 })
        try await TestDatabase.withFreshMigrated { url, runtime in
            let tenant = try await TestTenants.create(runtime)
            let environment = Self.workerEnvironment.merging(["PORTICO_INSIGHTS_MERGE_AFTER_ROWS": "1"]) { $1 }
            let worker = try PorticoProcess(["worker", "--name", "merger"], databaseURL: url, environment: environment)
            defer { worker.stop() }
            try await LiveServer.with(runtime) { client in
                for (index, batch) in batches.enumerated() {
                    try await client.postAll(batch, token: tenant.apiKey)
                    try await eventually("batch \(index) is rolled up and merged", timeout: .seconds(180), every: .milliseconds(200)) {
                        let rollups = try await Self.rollupJobs(runtime, tenant)
                        let merges = try await Self.rollupJobs(runtime, tenant, kind: "insights.merge-rollups")
                        return try await runtime.insightsCount(tenant.id, Self.unrolled) == 0
                            && rollups.allSatisfy { $0.state == "succeeded" }
                            && merges.count > index && merges.allSatisfy { $0.state == "succeeded" }
                    }
                }
                #expect(try await runtime.insightsCount(tenant.id, InsightsRepeatedRollupTests.keysWithSeveralRows) == 0)
                #expect(try await runtime.insightsCount(tenant.id, "SELECT sum(events)::int FROM insights_rollups WHERE dimension = 1 AND user_key <> ''")
                    == batches.joined().count)
                let today = UTC.today, from = UTC.days(-8, from: today)
                for dimension in ["plugins", "searches", "pages"] {
                    let json = try await client.report(
                        "/api/insights/top?dimension=\(dimension)&from=\(UTC.label(from))&to=\(UTC.label(today))&limit=100", token: tenant.apiKey)
                    expectTop(json, expected.top(dimension, from: from, to: today), limit: 100, dimension)
                }
            }
            #expect(worker.stop() == 0)
        }
    }

    @Test func aTransactionLeftOpenElsewhereDoesNotHoldTheReportsBack() async throws {
        let at = Date().addingTimeInterval(-600)
        try await TestDatabase.withFreshMigrated { url, runtime in
            let tenant = try await TestTenants.create(runtime)
            let worker = try PorticoProcess(["worker", "--name", "roller"], databaseURL: url, environment: Self.workerEnvironment)
            defer { worker.stop() }
            try await LiveServer.with(runtime) { client in
                func active() async throws -> Int {
                    try await client.report("/api/insights/active-users?last=7d", token: tenant.apiKey)["totalActiveUsers"] as? Int ?? -1
                }
                let early = (0..<3).map { InsightsEvents.event(id: "early-\($0)", at: at, user: "user:default/early\($0)") }
                #expect(try await client.postEvents(early, token: tenant.apiKey).json["accepted"] as? Int == 3)
                // By the worker alone.
                try await eventually("the first events are in the reports", timeout: .seconds(180), every: .milliseconds(200)) {
                    try await active() == 3
                }

                // A transaction that began before the next events were written is still open when
                // their rollup runs (any long transaction in the cluster: another tenant's import,
                // a backup): the rollup's horizon is the tenant's own, so it takes them anyway.
                let old = try await TestDatabase.connect(to: url, id: 77)
                try await old.query("BEGIN", logger: runtime.logger)
                try await old.query("SELECT pg_current_xact_id()", logger: runtime.logger)
                let late = (0..<2).map { InsightsEvents.event(id: "late-\($0)", at: at, user: "user:default/late\($0)") }
                #expect(try await client.postEvents(late, token: tenant.apiKey).json["accepted"] as? Int == 2)
                try await eventually("the late events are in the reports", timeout: .seconds(180), every: .milliseconds(200)) {
                    try await active() == 5
                }
                #expect(try await runtime.insightsCount(tenant.id, Self.unrolled) == 0, "taken while the old transaction is still open")
                try await old.query("COMMIT", logger: runtime.logger)
                try await old.close()
            }
        }
    }
}
