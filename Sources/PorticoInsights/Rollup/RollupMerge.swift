import Foundation
import PorticoCore
import PorticoStore
import PostgresNIO

/// Folds the per-user rows that rollup runs appended (each under its own run number, see
/// `EventRollup`) into one row per dimension, user, day and key (run 0), so a report reading a
/// group's members reads one row per key and the table holds about what it counts.
///
/// It works beside the folds: they only add rows under new run numbers and never touch a per-user
/// row again, so a merge and a fold never write the same row. Users are taken a slice at a time,
/// each slice a transaction holding the state row `FOR KEY SHARE`, which an erasure (`FOR UPDATE`)
/// waits for and a fold (`FOR NO KEY UPDATE`) does not. A slice adds up exactly the rows it
/// deleted, so even two merges at once count every event once; a merge killed half-way leaves
/// whole slices done and the rest for the next.
struct RollupMerge: Sendable {
    /// When a merge is due after a run: once the rows appended since the last merge make reports
    /// that read members' rows noticeably slower (each is one more row per user, day and key read),
    /// or once the last merge is old enough that a quiet tenant's rows are merged too (settings
    /// `mergeAfterRows`, `mergeAfterMinutes`).
    struct Policy: Sendable {
        let afterRows: Int64
        let afterTime: Duration

        func isDue(after run: EventRollup.Run, now: Date = Date()) -> Bool {
            run.unmergedRows >= afterRows || (run.unmergedRows > 0 && now.timeIntervalSince(run.mergedAt) >= afterTime.seconds)
        }
    }

    /// Users per transaction: a slice holds an erasure back for as long as it runs.
    static let usersPerSlice = 500
    static let statementTimeout = "240s"
    /// The first and last steps write the state row, so they wait for a fold that may be running.
    static let bookkeepingLockTimeout = "240s"

    let database: Database

    struct Outcome: Sendable, Equatable {
        let users: Int
        /// Per-user rows deleted, and the rows their sums were added to or became.
        let rowsRemoved: Int
        let rowsKept: Int
    }

    private struct Pending {
        let through: Int64
        let mergedThrough: Int64
        let rows: Int64
        let since: Date?
    }

    @discardableResult
    func merge(for tenant: TenantID, now: Date = Date()) async throws -> Outcome {
        let pending = try await begin(for: tenant)
        var outcome = Outcome(users: 0, rowsRemoved: 0, rowsKept: 0)
        if let since = pending.since, pending.through > pending.mergedThrough {
            var after = ""
            while true {
                let (last, slice) = try await mergeSlice(of: tenant, after: after, since: since, mergedThrough: pending.mergedThrough)
                outcome = Outcome(
                    users: outcome.users + slice.users, rowsRemoved: outcome.rowsRemoved + slice.rowsRemoved,
                    rowsKept: outcome.rowsKept + slice.rowsKept)
                guard let last, slice.users == Self.usersPerSlice else { break }
                after = last
            }
        }
        try await recordMerged(pending, for: tenant, at: now)
        InsightsMetrics.rowsMerged.increment(by: outcome.rowsRemoved)
        if outcome.rowsRemoved > 0 { try await vacuumRollups(of: tenant) }
        return outcome
    }

    /// A merge leaves the rows it deleted, and the old versions of the rows it added to, on pages
    /// that are then no longer all-visible, like the pages runs appended to: until a vacuum, reports
    /// that read members' rows fetch each from the heap instead of the index alone (measured right
    /// after a merge of 1.5M rows: a group's top pages 0.75 s instead of 0.17). So the merge
    /// vacuums the table at once instead of leaving it to autovacuum's thresholds. It skips pages
    /// that did not change, and does not wait for a lock.
    private func vacuumRollups(of tenant: TenantID) async throws {
        try await database.withConnection { connection in
            try await connection.execute(
                "VACUUM (SKIP_LOCKED) \(unescaped: tenant.schemaName.quoted).insights_rollups", logger: database.logger)
        }
    }

    /// What this merge takes: the runs committed by now, and the earliest day they appended rows
    /// for (runs from now on note theirs afresh; a merge that failed left its own to this one).
    private func begin(for tenant: TenantID) async throws -> Pending {
        try await database.withTenantTransaction(tenant) { connection in
            try await connection.execute(
                "SELECT set_config('lock_timeout', \(Self.bookkeepingLockTimeout), true)", logger: database.logger)
            for try await (run, merged, rows, since) in try await connection.checkedQuery("""
                UPDATE insights_rollup_state
                SET merging_since = least(merging_since, unmerged_since), unmerged_since = NULL
                RETURNING run, merged_through, unmerged_rows, merging_since
                """, logger: database.logger
            ).decode((Int64, Int64, Int64, Date?).self) {
                return Pending(through: run, mergedThrough: merged, rows: rows, since: since)
            }
            return Pending(through: 0, mergedThrough: 0, rows: 0, since: nil)
        }
    }

    private func mergeSlice(of tenant: TenantID, after: String, since: Date, mergedThrough: Int64) async throws -> (String?, Outcome) {
        try await database.withTenantTransaction(tenant) { connection in
            try await connection.execute("""
                SELECT set_config('statement_timeout', \(Self.statementTimeout), true), set_config('work_mem', \(EventRollup.workMemory), true)
                """, logger: database.logger)
            try await connection.execute("SELECT 1 FROM insights_rollup_state FOR KEY SHARE", logger: database.logger)
            for try await (last, users, removed, kept) in try await connection.checkedQuery(
                Self.sliceStatement(after: after, since: since, mergedThrough: mergedThrough), logger: database.logger
            ).decode((String?, Int, Int, Int).self) {
                return (last, Outcome(users: users, rowsRemoved: removed, rowsKept: kept))
            }
            return (nil, Outcome(users: 0, rowsRemoved: 0, rowsKept: 0))
        }
    }

    /// The next slice of users with rows appended since the last merge, in key order after
    /// `after`: each (dimension, user, day, key) of theirs with more than one row loses its rows of
    /// runs and has their sums added to its run-0 row (made if missing). Keys with one row stay as
    /// they are: moving them would cost a write and save no read. Returns the slice's last user,
    /// its size and the rows removed and kept.
    static func sliceStatement(after: String, since: Date, mergedThrough: Int64) -> PostgresQuery {
        """
        WITH members AS MATERIALIZED (
            SELECT user_key FROM insights_users
            WHERE user_key > \(after) AND last_run > \(mergedThrough)
            ORDER BY user_key LIMIT \(usersPerSlice)
        ), repeated AS MATERIALIZED (
            SELECT dimension, user_key, bucket, key
            FROM insights_rollups
            WHERE dimension = ANY(\(InsightsDimension.everyRawValue)) AND user_key = ANY(ARRAY(SELECT user_key FROM members))
              AND bucket >= \(since)
            GROUP BY dimension, user_key, bucket, key
            HAVING count(*) > 1
        ), removed AS (
            -- The slice's range again, so the rows are found through the primary key, not by
            -- reading the table (the planner cannot tell how few rows `repeated` holds).
            DELETE FROM insights_rollups r USING repeated d
            WHERE r.dimension = ANY(\(InsightsDimension.everyRawValue)) AND r.user_key = ANY(ARRAY(SELECT user_key FROM members))
              AND r.bucket >= \(since)
              AND r.dimension = d.dimension AND r.user_key = d.user_key AND r.bucket = d.bucket AND r.key = d.key AND r.run > 0
            RETURNING r.dimension, r.user_key, r.bucket, r.key, r.events, r.value_sum, r.value_count
        ), kept AS (
            INSERT INTO insights_rollups AS r (dimension, user_key, bucket, key, run, events, value_sum, value_count)
            SELECT dimension, user_key, bucket, key, 0, sum(events)::bigint, sum(value_sum), sum(value_count)::bigint
            FROM removed GROUP BY dimension, user_key, bucket, key
            ON CONFLICT (dimension, user_key, bucket, key, run) DO UPDATE
            SET events = r.events + excluded.events, value_sum = r.value_sum + excluded.value_sum,
                value_count = r.value_count + excluded.value_count
            RETURNING 1
        )
        SELECT (SELECT max(user_key) FROM members), (SELECT count(*)::int FROM members),
               (SELECT count(*)::int FROM removed), (SELECT count(*)::int FROM kept)
        """
    }

    /// Runs up to `pending.through` are merged. Rows appended by runs after it stay counted as
    /// unmerged (their earliest day was noted apart since the merge began).
    private func recordMerged(_ pending: Pending, for tenant: TenantID, at now: Date) async throws {
        try await database.withTenantTransaction(tenant) { connection in
            try await connection.execute(
                "SELECT set_config('lock_timeout', \(Self.bookkeepingLockTimeout), true)", logger: database.logger)
            try await connection.execute("""
                UPDATE insights_rollup_state
                SET merged_through = greatest(merged_through, \(pending.through)), merged_at = \(now),
                    unmerged_rows = greatest(unmerged_rows - \(pending.rows), 0), merging_since = NULL
                """, logger: database.logger)
        }
    }
}
