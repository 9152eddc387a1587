import Foundation
import PorticoCore
import PorticoStore
import Synchronization

/// The plan's cap on events a tenant may store per day (UTC, by when they happened), checked
/// before a batch is read into the database: a tenant cannot fill the disk or keep the rollups
/// busy past what its plan pays for. The day's count comes from the rollups and is remembered
/// for a few seconds per process, so the cap holds to within what arrives in that time.
final class DailyEventQuota: Sendable {
    static let countLifetime: Duration = .seconds(5)

    let database: Database
    private let counts = Mutex<[TenantID: (day: UTCDay, events: Int, until: ContinuousClock.Instant)]>([:])

    init(database: Database) {
        self.database = database
    }

    func check(_ batchSize: Int, for tenant: TenantContext, now: Date) async throws {
        let limit = tenant.entitlements.limit(InsightsModule.maxEventsPerDay)
        let today = UTCDay(now)
        let stored = try await eventsStored(on: today, by: tenant.id)
        guard stored + batchSize <= limit else {
            throw PorticoError.planLimitReached(
                plan: tenant.entitlements.plan, allows: "\(limit) Insights events a day",
                advice: "events of today are refused until midnight UTC; ask your operator about a larger plan.")
        }
        counts.withLock { counts in
            if let entry = counts[tenant.id], entry.day == today { counts[tenant.id]?.events = entry.events + batchSize }
        }
    }

    private func eventsStored(on day: UTCDay, by tenant: TenantID) async throws -> Int {
        let now = ContinuousClock.now
        if let entry = counts.withLock({ $0[tenant] }), entry.day == day, entry.until > now { return entry.events }
        let events = try await database.withTenantTransaction(tenant) { connection in
            var events = 0
            let rows = try await connection.checkedQuery("""
                SELECT coalesce(sum(events), 0)::bigint FROM insights_rollups
                WHERE dimension = \(InsightsDimension.activityDay.rawValue) AND user_key = '' AND bucket = \(day.start) AND key = ''
                """, logger: database.logger)
            for try await count in rows.decode(Int64.self) { events = Int(count) }
            return events
        }
        counts.withLock { $0[tenant] = (day, events, now + Self.countLifetime) }
        return events
    }
}
