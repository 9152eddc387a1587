import AsyncHTTPClient
import Foundation
import PorticoCore
import PorticoStore
import PostgresNIO

/// Waiting for the module's rollup job, timing it, and loading events in bulk around it.
extension InsightsBench {
    struct RollupRun {
        let number: Int64
        let events: Int64
        let startedAt: Date
    }

    func lastRollup(of tenant: TenantContext) async throws -> RollupRun {
        try await runtime.database.withTenantTransaction(tenant.id) { connection in
            var run = RollupRun(number: 0, events: 0, startedAt: Date())
            for try await (number, events, at) in try await connection.checkedQuery(
                "SELECT run, run_events, run_at FROM insights_rollup_state", logger: runtime.logger).decode((Int64, Int64, Date).self) {
                run = RollupRun(number: number, events: events, startedAt: at)
            }
            return run
        }
    }

    /// Stored events no rollup has taken yet.
    func backlog(of tenant: TenantContext) async throws -> Int {
        try await runtime.database.withTenantTransaction(tenant.id) { connection in
            var count = 0
            for try await value in try await connection.checkedQuery("""
                SELECT count(*)::int FROM insights_events WHERE written_by >= (SELECT watermark FROM insights_rollup_state)
                """, logger: runtime.logger).decode(Int.self) {
                count = value
            }
            return count
        }
    }

    /// Has the module schedule a rollup, as any accepted batch does: one event through the API.
    func triggerRollup(of tenant: InsightsTenant, client: HTTPClient) async throws {
        let event = BenchEvent(id: "trigger-\(UUID())", at: Date().timeIntervalSince1970, user: 0, action: "navigate",
                               subject: "/bench/trigger", pluginId: "bench", routeRef: "bench:root")
        try await post([event], client: client, key: tenant.key)
    }

    /// Waits until every stored event of the tenants is rolled up.
    func waitForRollups(of tenants: [TenantContext], timeout: Duration = .seconds(900)) async throws {
        let deadline = ContinuousClock.now + timeout
        var pending = tenants
        while !pending.isEmpty {
            var still: [TenantContext] = []
            for tenant in pending {
                if try await backlog(of: tenant) > 0 { still.append(tenant) }
            }
            pending = still
            guard !pending.isEmpty else { return }
            guard ContinuousClock.now < deadline else { throw BenchFailure("\(pending.count) tenants still have events not rolled up after \(timeout)") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Waits for the merge of per-user rows a rollup run may have asked for to finish; returns how
    /// long that took. The run's job enqueues it as it completes, so that comes first.
    func waitForMerge(of tenant: TenantContext, timeout: Duration = .seconds(900)) async throws -> Duration {
        let started = ContinuousClock.now
        try await waitUntilNone(of: tenant, kind: "insights.rollup", states: ["running"], deadline: started + timeout)
        try await waitUntilNone(of: tenant, kind: "insights.merge-rollups", states: ["pending", "running"], deadline: started + timeout)
        return ContinuousClock.now - started
    }

    /// Waits until the tenant has no job of `kind` in `states` due by now.
    private func waitUntilNone(of tenant: TenantContext, kind: String, states: [String], deadline: ContinuousClock.Instant) async throws {
        while true {
            var count = 0
            for try await value in try await runtime.database.query("""
                SELECT count(*)::int FROM control.jobs
                WHERE kind = \(kind) AND state = ANY(\(states)) AND run_at <= now() AND payload->>'tenantID' = \(tenant.id.description)
                """).decode(Int.self) {
                count = value
            }
            guard count > 0 else { return }
            guard ContinuousClock.now < deadline else { throw BenchFailure("\(kind) jobs of \(tenant.id) still \(states) at the deadline") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// The current transaction id, low 32 bits, as `xmin` shows it.
    func currentXid() async throws -> Int64 {
        for try await xid in try await runtime.database.query("SELECT pg_current_xact_id()::text::bigint % 4294967296").decode(Int64.self) {
            return xid
        }
        return 0
    }

    /// Rows of the rollup tables written (inserted or updated) since transaction `xid`.
    func rollupRowsWritten(of tenant: TenantContext, since xid: Int64) async throws -> (rollups: Int, users: Int) {
        try await runtime.database.withTenantTransaction(tenant.id) { connection in
            var written = (rollups: 0, users: 0)
            for try await (rollups, users) in try await connection.checkedQuery("""
                SELECT (SELECT count(*)::int FROM insights_rollups WHERE xmin::text::bigint >= \(xid)),
                       (SELECT count(*)::int FROM insights_users WHERE xmin::text::bigint >= \(xid))
                """, logger: runtime.logger).decode((Int, Int).self) {
                written = (rollups, users)
            }
            return written
        }
    }

    /// Loads the tenant's events up to `events` minus what ingestion will send, spread over five
    /// weeks, a COPY of `chunk` events at a time, each rolled up by the module's job before the next.
    func loadBulk(shape: InsightsShape, into tenant: InsightsTenant, client: HTTPClient) async throws {
        let total = max(0, sizes.events - sizes.ingestEvents - shape.users)
        var generator = InsightsEventGenerator(shape: shape, seed: 1)
        let now = Date().timeIntervalSince1970
        var loaded = 0
        var copyTime = Duration.zero, rollupTime = Duration.zero, mergeTime = Duration.zero, written = (rollups: 0, users: 0)
        while loaded < total {
            let count = min(sizes.chunk, total - loaded)
            let (start, end) = Self.bulkSpan(now: now)
            let rows = Self.copyRows(count, generator: &generator, from: start, to: end, userKeys: tenant.userKeys)
            let copy = try copier.run(PsqlCopy.statement(table: tenant.table, columns: BenchEvent.copyColumns, rows: rows))
            let before = try await lastRollup(of: tenant.context)
            let xid = try await currentXid()
            try await triggerRollup(of: tenant, client: client)
            let (run, took) = try await timeRollup(of: tenant.context, after: before, taking: count)
            try await waitForRollups(of: [tenant.context])
            let merge = try await waitForMerge(of: tenant.context)
            let chunkWritten = try await rollupRowsWritten(of: tenant.context, since: xid)
            loaded += count
            copyTime += copy
            rollupTime += took
            mergeTime += merge
            written = (written.rollups + chunkWritten.rollups, written.users + chunkWritten.users)
            report(String(format: "%@ bulk %d/%d: COPY %d events %.1f s (%.0f/s) | rollup run %lld took %.1f s for %lld events, then merge %.1f s; wrote %d rollup + %d user rows",
                          shape.label, loaded, total, count, copy.seconds, Double(count) / copy.seconds, run.number, took.seconds, run.events,
                          merge.seconds, chunkWritten.rollups, chunkWritten.users))
        }
        guard loaded > 0 else { return }
        let millions = Double(loaded) / 1_000_000
        report(String(format: "%@ rollup cost per 1M events: %.1f s (runs %.1f s + merges %.1f s), %.0f rollup rows + %.0f user rows written (over %d events in chunks of %d; COPY %.1f s per 1M)",
                      shape.label, (rollupTime + mergeTime).seconds / millions, rollupTime.seconds / millions, mergeTime.seconds / millions,
                      Double(written.rollups) / millions, Double(written.users) / millions, loaded, sizes.chunk, copyTime.seconds / millions))
    }

    /// Waits for a rollup run after `previous` that takes at least `events` to finish; returns it
    /// and how long it ran (from its start, as it recorded it, to when it was seen done).
    func timeRollup(
        of tenant: TenantContext, after previous: RollupRun, taking events: Int, timeout: Duration = .seconds(900)
    ) async throws -> (RollupRun, Duration) {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let latest = try await lastRollup(of: tenant)
            if latest.number > previous.number, latest.events >= events {
                return (latest, .seconds(Date().timeIntervalSince(latest.startedAt)))
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw BenchFailure("no rollup ran within \(timeout)")
    }

    /// Other tenants beside the measured ones: each with its users seeded through the API and
    /// its events loaded with COPY (one psql session for all) and rolled up by the job.
    func loadOtherTenants(client: HTTPClient) async throws {
        guard sizes.otherTenants > 0 else { return }
        let started = ContinuousClock.now
        var others: [InsightsTenant] = []
        var script = ""
        let now = Date().timeIntervalSince1970
        for index in 0..<sizes.otherTenants {
            let (context, key) = try await makeTenant("bench-\(runID)-other-\(index)")
            var generator = InsightsEventGenerator(shape: .hot, users: sizes.otherUsers, seed: UInt64(100 + index))
            let tenant = try await seedUsers(generator, of: context, key: key, client: client)
            let (start, end) = Self.bulkSpan(now: now)
            let rows = Self.copyRows(sizes.otherEvents, generator: &generator, from: start, to: end, userKeys: tenant.userKeys)
            script += PsqlCopy.statement(table: tenant.table, columns: BenchEvent.copyColumns, rows: rows)
            others.append(tenant)
        }
        _ = try copier.run(script)
        for tenant in others { try await triggerRollup(of: tenant, client: client) }
        try await waitForRollups(of: others.map(\.context))
        report(String(format: "other tenants: %d × %d events (%d users each), loaded and rolled up in %.0f s",
                      sizes.otherTenants, sizes.otherEvents, sizes.otherUsers, (ContinuousClock.now - started).seconds))
    }
}

struct BenchFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
