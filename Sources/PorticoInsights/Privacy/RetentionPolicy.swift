import Foundation
import PorticoCore
import PorticoStore

/// Drops what is older than the tenant's retention (13 months by default): events in batches, so
/// no statement holds locks or builds dead rows for long and autovacuum keeps the table compact;
/// then rollup buckets and users not seen since.
struct RetentionPolicy: Sendable {
    static let batchSize = 10_000

    let database: Database
    let settings: InsightsSettingsStore

    /// Returns how many events were deleted.
    @discardableResult
    func apply(for tenant: TenantID, today: UTCDay = UTCDay(Date())) async throws -> Int {
        let months = try await settings.settings(for: tenant).retentionMonths
        let cutoff = today.adding(months: -months).start
        var deleted = 0
        while true {
            let batch = try await database.withTenantTransaction(tenant) { connection in
                var count = 0
                for try await _ in try await connection.checkedQuery("""
                    DELETE FROM insights_events WHERE ctid = ANY(ARRAY(
                        SELECT ctid FROM insights_events WHERE occurred_at < \(cutoff) LIMIT \(Self.batchSize)))
                    RETURNING 1
                    """, logger: database.logger) {
                    count += 1
                }
                return count
            }
            deleted += batch
            if batch < Self.batchSize { break }
        }
        let dimensions = InsightsDimension.everyRawValue
        try await database.withTenantTransaction(tenant) { connection in
            // The primary key goes (dimension, user, bucket): naming every user lets it find each
            // one's old rows instead of reading the whole table.
            try await connection.execute("""
                DELETE FROM insights_rollups
                WHERE dimension = ANY(\(dimensions)) AND user_key = ANY(ARRAY(SELECT user_key FROM insights_users) || ''::text) AND bucket < \(cutoff)
                """, logger: database.logger)
            // A week or month goes once it has ended by the cutoff: the one holding the cutoff keeps
            // the totals of its earlier days until it ends.
            for period in RankingPeriod.allCases {
                try await connection.execute("""
                    DELETE FROM insights_rollups
                    WHERE dimension = ANY(\(dimensions)) AND user_key = \(period.userKey) AND bucket < date_trunc(\(period.rawValue), \(cutoff), 'UTC')
                    """, logger: database.logger)
            }
            try await connection.execute("DELETE FROM insights_users WHERE last_seen < \(cutoff)", logger: database.logger)
        }
        return deleted
    }
}
