import Foundation
import PorticoCore
import PorticoStore
import PostgresNIO

/// Forgets one user: at once from every report (their rollup rows go, and the totals and sets of
/// users they were part of are reduced, in one transaction with the rollup's lock, so no rollup
/// runs half-way through), and from the raw events by a job, which may take a while on a large
/// table.
struct UserErasure: Sendable {
    static let eventDeletionTimeout = "240s"

    let database: Database
    let queue: JobQueue

    struct Outcome: Codable, Sendable {
        let user: String
        let rollupRowsRemoved: Int
        let eventsDeletion: String
    }

    /// - Parameter userKeys: every key the user may be stored under (`allUserKeys(for:)`): a
    ///   tenant that changed `keepUserRefs` has their older events under the other one.
    func erase(userRef: String, userKeys: [String], for tenant: TenantID) async throws -> Outcome {
        let removed = try await database.withTenantTransaction(tenant) { connection in
            let logger = database.logger
            var watermark: Int64 = 0
            for try await mark in try await connection.checkedQuery(
                "SELECT watermark FROM insights_rollup_state FOR UPDATE", logger: logger).decode(Int64.self) {
                watermark = mark
            }
            let dimensions = InsightsDimension.everyRawValue
            // Their counts, per (dimension, bucket, key), come off the all-users totals, daily and per
            // week and month; a total left with no events goes. (The update and the delete touch
            // different rows, so one statement does both.)
            try await connection.execute("""
                WITH theirs AS MATERIALIZED (
                    -- Summed over the user's keys first: UPDATE ... FROM applies one joined row per target.
                    SELECT dimension, bucket, key, sum(events) AS events, sum(value_sum) AS value_sum, sum(value_count) AS value_count
                    FROM insights_rollups
                    WHERE dimension = ANY(\(dimensions)) AND user_key = ANY(\(userKeys))
                    GROUP BY dimension, bucket, key
                ), their_totals AS MATERIALIZED (
                    SELECT dimension, ''::text AS user_key, bucket, key, events, value_sum, value_count FROM theirs
                    UNION ALL
                    SELECT m.dimension, p.user_key, date_trunc(p.period, m.bucket, 'UTC'), m.key,
                           sum(m.events), sum(m.value_sum), sum(m.value_count)
                    FROM theirs m CROSS JOIN \(unescaped: RankingPeriod.values) AS p(period, user_key)
                    WHERE m.dimension > \(InsightsDimension.activityDay.rawValue)
                    GROUP BY 1, 2, 3, 4
                ), reduced AS (
                    UPDATE insights_rollups t
                    SET events = t.events - m.events, value_sum = t.value_sum - m.value_sum, value_count = t.value_count - m.value_count
                    FROM their_totals m
                    WHERE t.dimension = m.dimension AND t.user_key = m.user_key AND t.bucket = m.bucket AND t.key = m.key AND t.events > m.events
                    RETURNING 1
                )
                DELETE FROM insights_rollups t USING their_totals m
                WHERE t.dimension = m.dimension AND t.user_key = m.user_key AND t.bucket = m.bucket AND t.key = m.key AND t.events <= m.events
                """, logger: logger)
            // Their bits, from every all-users set of the time they were seen (hours included,
            // whose per-user rows are not kept; an hour's event count keeps their events, which
            // no report reads).
            try await connection.execute("""
                WITH erased AS (
                    SELECT bit_or(w.one >> u.ordinal)::bit varying AS users,
                           date_trunc('day', min(u.first_seen), 'UTC') AS since, max(u.last_seen) AS until
                    FROM insights_users u, (\(unescaped: UserBitmaps.width)) w
                    WHERE u.user_key = ANY(\(userKeys))
                )
                UPDATE insights_rollups t SET users = t.users & ~substring(e.users FROM 1 FOR length(t.users))
                FROM erased e
                WHERE t.dimension = ANY(\(dimensions)) AND t.user_key = '' AND t.bucket >= e.since AND t.bucket <= e.until
                  AND bit_count(t.users & substring(e.users FROM 1 FOR length(t.users))) > 0
                """, logger: logger)
            var removed = 0
            for try await _ in try await connection.checkedQuery(
                "DELETE FROM insights_rollups WHERE dimension = ANY(\(dimensions)) AND user_key = ANY(\(userKeys)) RETURNING 1",
                logger: logger) {
                removed += 1
            }
            try await connection.execute("DELETE FROM insights_users WHERE user_key = ANY(\(userKeys))", logger: logger)
            // Events not rolled up yet would bring the user back at the next run.
            try await connection.execute(
                "DELETE FROM insights_events WHERE written_by >= \(watermark) AND user_key = ANY(\(userKeys))", logger: logger)
            return removed
        }
        // In a control transaction of its own (the tenant's role cannot write the queue); if this
        // fails, the client's retry of the erasure enqueues it.
        try await queue.enqueue(
            InsightsJobs.eraseUserEvents, InsightsJobs.ErasurePayload(tenantID: tenant, userKeys: userKeys))
        return Outcome(user: userRef, rollupRowsRemoved: removed, eventsDeletion: "scheduled")
    }

    /// The job: every stored event of the user, under any of their keys. The events are found by
    /// a read (which may scan the whole table, but locks nothing a writer needs), then deleted by
    /// row address in short batches, so ingestion and the rollup's horizon wait for a batch at most.
    /// Events are never updated, so an address found stays the event's until it is deleted; the
    /// delete checks the user again all the same.
    func deleteEvents(of userKeys: [String], for tenant: TenantID) async throws {
        let addresses = try await database.withTenantTransaction(tenant) { connection in
            try await connection.execute(
                "SELECT set_config('statement_timeout', \(Self.eventDeletionTimeout), true)", logger: database.logger)
            var addresses: [String] = []
            let rows = try await connection.checkedQuery(
                "SELECT ctid::text FROM insights_events WHERE user_key = ANY(\(userKeys))", logger: database.logger)
            for try await address in rows.decode(String.self) { addresses.append(address) }
            return addresses
        }
        for start in stride(from: 0, to: addresses.count, by: RetentionPolicy.batchSize) {
            let batch = Array(addresses[start..<min(start + RetentionPolicy.batchSize, addresses.count)])
            try await database.withTenantTransaction(tenant) { connection in
                try await connection.execute(
                    "DELETE FROM insights_events WHERE ctid = ANY(\(batch)::tid[]) AND user_key = ANY(\(userKeys))", logger: database.logger)
            }
        }
    }
}
