import Foundation
import Logging
import PorticoCore
import PorticoStore

/// Reports each user active in the month as a `seats` record (dimension `insights`), from the
/// rolled-up daily activity: one record per user and month, keyed by a hash of the user's key, so
/// reporting the whole month again every hour counts each user once and repairs whatever a crash
/// lost. The previous month is reported too: its last hours' users, and events that arrive late
/// (up to 35 days), still count for it.
struct SeatReport: Sendable {
    let database: Database
    let usage: any UsageRecorder

    func report(for tenant: TenantID, now: Date = Date()) async throws {
        let month = Self.monthStart(of: now)
        let previous = Calendar.utc.date(byAdding: .month, value: -1, to: month)
        for start in [month, previous].compactMap({ $0 }) {
            guard let end = Calendar.utc.date(byAdding: .month, value: 1, to: start) else { continue }
            let label = String(start.formatted(Date.ISO8601FormatStyle().year().month()).prefix(7))
            let seats = try await database.withTenantTransaction(tenant) { connection in
                var seats: [UsageRecord] = []
                for try await (user, lastDay) in try await connection.checkedQuery("""
                    SELECT md5(user_key), max(bucket) FROM insights_rollups
                    WHERE dimension = \(Int(InsightsDimension.activityDay.rawValue)) AND bucket >= \(start) AND bucket < \(end) AND user_key <> ''
                    GROUP BY user_key
                    """, logger: database.logger).decode((String, Date).self) {
                    seats.append(UsageRecord(
                        tenant: tenant, meter: .seats, dimension: Meter.seatsFromInsights, quantity: 1,
                        idempotencyKey: "seats:\(label):user:\(user)", occurredAt: lastDay))
                }
                return seats
            }
            for batch in stride(from: 0, to: seats.count, by: 5_000).map({ Array(seats[$0..<min($0 + 5_000, seats.count)]) }) {
                try await usage.record(batch)
            }
        }
    }

    static func monthStart(of date: Date) -> Date {
        Calendar.utc.date(from: Calendar.utc.dateComponents([.year, .month], from: date)) ?? date
    }
}
