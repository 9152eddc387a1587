import Foundation
import Logging
import PorticoCore
import PostgresNIO
import PorticoStore

/// Folds newly stored events into the rollups reports read, in one transaction with the
/// watermark, so a run killed half-way leaves nothing behind and the next run does it again.
///
/// Which events are new is decided by the transaction that wrote them, not by time: every row
/// written by a transaction below this run's horizon and at or above the last run's is taken. The
/// horizon is the next transaction id at a moment when no transaction was writing this tenant's
/// events (a brief `SHARE` lock on the table waits for the writers in flight and holds new ones
/// back for as long as it takes to read the id). So a slow ingest transaction that commits late is
/// picked up by the run after it commits, never skipped, and no other tenant's long transaction
/// holds this tenant's reports back.
struct EventRollup {
    /// A large backlog (after an outage) may take a while; a run still ends within the job's deadline.
    static let statementTimeout = "240s"
    /// The fold groups a whole batch in memory: at the connection's default (4 MB here) its
    /// aggregates spill to disk (measured on 498,000 events: 207 MB written by one of them).
    static let workMemory = "64MB"

    struct Run: Sendable {
        let number: Int64
        var events: Int64
        let at: Date
        /// Committed events this run could not take yet: written after its horizon was read.
        var leftBehind = false
        /// Per-user rows appended since the last merge (this run's included), and when that merge was.
        var unmergedRows: Int64 = 0
        var mergedAt: Date = .distantPast
    }

    let database: Database

    /// The last run, whose usage report is repeated before the next (the key makes it count once).
    func lastRun(of tenant: TenantID) async throws -> Run? {
        try await database.withTenantTransaction(tenant) { connection in
            let rows = try await connection.checkedQuery(
                "SELECT run, run_events, run_at FROM insights_rollup_state", logger: database.logger)
            for try await (run, events, at) in rows.decode((Int64, Int64, Date).self) where run > 0 {
                return Run(number: run, events: events, at: at)
            }
            return nil
        }
    }

    /// Every transaction below the returned id that writes events has finished: ingestion's insert
    /// is the first write of its transaction (see `EventStore.insert`), so it takes its id only
    /// once it holds the table's `ROW EXCLUSIVE` lock, which `SHARE` waits for and holds off.
    func horizon(of tenant: TenantID) async throws -> Int64 {
        try await database.withTenantTransaction(tenant) { connection in
            try await connection.execute("LOCK TABLE insights_events IN SHARE MODE", logger: database.logger)
            var horizon: Int64 = 0
            for try await value in try await connection.checkedQuery(
                "SELECT pg_snapshot_xmax(pg_current_snapshot())::text::bigint", logger: database.logger).decode(Int64.self) {
                horizon = value
            }
            return horizon
        }
    }

    /// Nil when another run of this tenant is folding: it holds the state row until it commits.
    func run(for tenant: TenantID, now: Date = Date()) async throws -> Run? {
        let taken = try await horizon(of: tenant)
        return try await database.withTenantTransaction(tenant) { connection -> Run? in
            // Merge joins are off for the fold: `WITH` parts have no statistics, so a batch's users
            // (2,000) are estimated at 400,000 and their join with its rows planned as a merge join,
            // sorting 2.3 million mapped rows on disk (3 s of 35 on 498,000 events); a hash join sorts nothing.
            try await connection.execute("""
                SELECT set_config('statement_timeout', \(Self.statementTimeout), true), set_config('work_mem', \(Self.workMemory), true),
                       set_config('enable_mergejoin', 'off', true)
                """, logger: database.logger)
            // `NO KEY UPDATE`: one fold at a time, and erasure (`UPDATE`) waits for it, but a merge
            // (`KEY SHARE`, see `RollupMerge`) goes on beside it.
            var state: (watermark: Int64, number: Int64)?
            for try await row in try await connection.checkedQuery(
                "SELECT watermark, run FROM insights_rollup_state FOR NO KEY UPDATE SKIP LOCKED", logger: database.logger
            ).decode((Int64, Int64).self) { state = row }
            guard let (watermark, number) = state else { return nil }
            let horizon = max(watermark, taken)
            var run = Run(number: number + 1, events: 0, at: now)
            var ordinals: Int32 = 0, appended: Int64 = 0, earliestDay: Date?
            for try await (count, oldest, width, rows, day) in try await connection.checkedQuery(
                Self.foldStatement(from: watermark, to: horizon, run: run.number), logger: database.logger
            ).decode((Int64, Date?, Int32, Int64, Date?).self) {
                (run.events, ordinals, appended, earliestDay) = (count, width, rows, day)
                if let oldest { InsightsMetrics.rollupLag.record(duration: .milliseconds(Int64(now.timeIntervalSince(oldest) * 1_000))) }
            }
            InsightsMetrics.rolledUp.increment(by: Int(run.events))
            for try await (unmerged, mergedAt) in try await connection.checkedQuery("""
                UPDATE insights_rollup_state
                SET watermark = \(horizon), run = \(run.number), run_events = \(run.events), run_at = \(now), next_ordinal = \(ordinals),
                    unmerged_rows = unmerged_rows + \(appended), unmerged_since = least(unmerged_since, \(earliestDay))
                RETURNING unmerged_rows, merged_at
                """, logger: database.logger).decode((Int64, Date).self) {
                (run.unmergedRows, run.mergedAt) = (unmerged, mergedAt)
            }
            for try await found in try await connection.checkedQuery(
                "SELECT EXISTS (SELECT 1 FROM insights_events WHERE written_by >= \(horizon))", logger: database.logger).decode(Bool.self) {
                run.leftBehind = found
            }
            return run
        }
    }

    /// Maps each event to the rows it counts in (see `InsightsDimension`) and adds them up, per
    /// user (but for hours) and for all users together, with the set of those users (see
    /// `UserBitmaps`; users new to the tenant get the next ordinals, in key order), and for all
    /// users per week and month (see `RankingPeriod`); then updates first and last seen. Buckets
    /// are UTC. Per-user rows are inserted under the run's number, never updated (see
    /// `RollupMerge`); the rest is upserted. Returns the events taken, the oldest one's arrival,
    /// the ordinals given so far, the per-user rows appended and the earliest day among them.
    /// (PostgreSQL runs every data-modifying `WITH` part to completion whether or not the final
    /// `SELECT` reads it.)
    ///
    /// Per-user rows are inserted in primary-key order: one user's rows then go into the same
    /// few index pages one after the other, where in any order each lands on a page of its own in
    /// an index larger than the buffer cache (measured on 329,000 rows: 58,000-95,000 pages read
    /// against 323,000-326,000, the insert 3.5-6.0 s against 8.5-12.3 s).
    ///
    /// Each event's rows come from `unnest` of arrays, not a `VALUES` list: PostgreSQL compiles a
    /// `VALUES` row's expressions again each time a lateral scan reads it (measured: mapping
    /// 498,000 events 15.4 s that way, 5.5 s this way).
    static func foldStatement(from watermark: Int64, to horizon: Int64, run: Int64) -> PostgresQuery {
        """
        WITH batch AS MATERIALIZED (
            SELECT occurred_at, received_at, user_key, action, subject, value, plugin_id, entity_ref, attributes,
                   split_part(split_part(subject, '?', 1), '#', 1) AS path,
                   date_trunc('day', occurred_at, 'UTC') AS day, date_trunc('hour', occurred_at, 'UTC') AS hour
            FROM insights_events WHERE written_by >= \(watermark) AND written_by < \(horizon)
        ), seen AS MATERIALIZED (
            SELECT b.user_key, min(b.occurred_at) AS first_seen, max(b.occurred_at) AS last_seen, u.ordinal AS known
            FROM batch b LEFT JOIN insights_users u ON u.user_key = b.user_key
            GROUP BY b.user_key, u.ordinal
        ), numbered AS MATERIALIZED (
            SELECT user_key, first_seen, last_seen,
                   coalesce(known, s.next_ordinal - 1 + (count(*) FILTER (WHERE known IS NULL) OVER (ORDER BY user_key))::int) AS ordinal
            FROM seen CROSS JOIN (SELECT next_ordinal FROM insights_rollup_state LIMIT 1) s
        ), w AS MATERIALIZED (
            \(unescaped: UserBitmaps.widthRelation(
                bits: "greatest(s.next_ordinal, (SELECT coalesce(max(ordinal) + 1, 0) FROM numbered))", from: "insights_rollup_state s"))
        ), mapped AS (
            SELECT d.dimension, d.bucket, d.key, b.user_key, n.ordinal, b.value
            FROM batch b JOIN numbered n ON n.user_key = b.user_key CROSS JOIN LATERAL unnest(
                ARRAY[\(unescaped: rowsOfEvent.map { String($0.dimension.rawValue) }.joined(separator: ", "))]::smallint[],
                ARRAY[\(unescaped: rowsOfEvent.map(\.bucket).joined(separator: ", "))]::timestamptz[],
                ARRAY[\(unescaped: rowsOfEvent.map(\.key).joined(separator: ",\n"))]::text[]
            ) AS d(dimension, bucket, key)
            WHERE d.key IS NOT NULL
        ), per_user AS (
            SELECT dimension, bucket, key, user_key, ordinal, count(*) AS events,
                   coalesce(sum(value), 0) AS value_sum, count(value) AS value_count
            FROM mapped
            GROUP BY dimension, bucket, key, user_key, ordinal
        ), everyone AS (
            SELECT dimension, bucket, key, sum(events)::bigint AS events, sum(value_sum) AS value_sum,
                   sum(value_count)::bigint AS value_count, bit_or(w.one >> ordinal)::bit varying AS users
            FROM per_user CROSS JOIN w
            GROUP BY dimension, bucket, key
        ), appended AS (
            INSERT INTO insights_rollups (dimension, bucket, key, user_key, run, events, value_sum, value_count)
            SELECT dimension, bucket, key, user_key, \(run), events, value_sum, value_count
            FROM per_user WHERE dimension <> \(unescaped: dimension(.activityHour))
            ORDER BY dimension, user_key, bucket, key
            RETURNING 1
        ), rolled AS (
            INSERT INTO insights_rollups AS r (dimension, bucket, key, user_key, run, events, value_sum, value_count, users)
            SELECT dimension, bucket, key, '', 0, events, value_sum, value_count, users FROM everyone
            ON CONFLICT (dimension, bucket, key, user_key, run) DO UPDATE
            SET events = r.events + excluded.events, value_sum = r.value_sum + excluded.value_sum,
                value_count = r.value_count + excluded.value_count, users = \(unescaped: UserBitmaps.merged)
            RETURNING 1
        ), ranked AS (
            INSERT INTO insights_rollups AS t (dimension, bucket, key, user_key, events, value_sum, value_count)
            SELECT e.dimension, date_trunc(p.period, e.bucket, 'UTC'), e.key, p.user_key,
                   sum(e.events)::bigint, sum(e.value_sum), sum(e.value_count)::bigint
            FROM everyone e CROSS JOIN \(unescaped: RankingPeriod.values) AS p(period, user_key)
            WHERE e.dimension > \(unescaped: dimension(.activityDay))
            GROUP BY 1, 2, 3, 4
            ON CONFLICT (dimension, bucket, key, user_key, run) DO UPDATE
            SET events = t.events + excluded.events, value_sum = t.value_sum + excluded.value_sum,
                value_count = t.value_count + excluded.value_count
            RETURNING 1
        ), users AS (
            INSERT INTO insights_users AS u (user_key, first_seen, last_seen, ordinal, last_run)
            SELECT user_key, first_seen, last_seen, ordinal, \(run) FROM numbered
            ON CONFLICT (user_key) DO UPDATE
            SET first_seen = least(u.first_seen, excluded.first_seen), last_seen = greatest(u.last_seen, excluded.last_seen),
                last_run = excluded.last_run
            RETURNING 1
        )
        SELECT count(*), min(received_at), (SELECT bits FROM w), (SELECT count(*) FROM appended), min(day) FROM batch
        """
    }

    /// The rows an event `b` of the batch counts in: per dimension its bucket and key (NULL: none).
    private static let rowsOfEvent: [(dimension: InsightsDimension, bucket: String, key: String)] = [
        (.activityHour, "b.hour", "''"),
        (.activityDay, "b.day", "''"),
        (.plugins, "b.day", "b.plugin_id"),
        (.pages, "b.day", "CASE WHEN b.action = 'navigate' THEN b.path END"),
        (.entities, "b.day", "CASE WHEN b.action = 'navigate' THEN b.entity_ref END"),
        (.tabs, "b.day", """
            CASE WHEN b.action = 'navigate' AND b.entity_ref IS NOT NULL AND split_part(b.path, '/', 2) = 'catalog'
                      AND split_part(b.path, '/', 5) <> ''
                 THEN coalesce(nullif(split_part(b.path, '/', 6), ''), 'overview') END
            """),
        (.searches, "b.day", "CASE WHEN b.action = 'search' THEN lower(btrim(b.subject)) END"),
        (.zeroResultSearches, "b.day", "CASE WHEN b.action = 'search' AND b.value = 0 THEN lower(btrim(b.subject)) END"),
        (.templates, "b.day", "CASE WHEN b.action = 'create' AND b.entity_ref LIKE 'template:%' THEN b.entity_ref END"),
        (.docs, "b.day", "CASE WHEN b.action = 'navigate' AND b.plugin_id = 'techdocs' THEN b.path END"),
        (.notFound, "b.day", "CASE WHEN b.action = 'not-found' THEN b.path END"),
        (.discoveries, "b.day", "CASE WHEN b.action = 'discover' THEN coalesce(b.attributes->>'to', b.subject) END"),
    ]

    private static func dimension(_ dimension: InsightsDimension) -> String { String(dimension.rawValue) }
}
