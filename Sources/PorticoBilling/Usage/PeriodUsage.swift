import Foundation
import Logging
import PorticoCore
import PostgresNIO

/// A tenant's usage over a stretch of days, per meter, from the daily totals.
struct PeriodUsage: Sendable, Equatable {
    /// The billed quantity per meter, aggregated as each meter says.
    var quantities: [String: Int64]
    /// The largest single record per meter (a gauge's peak).
    var peaks: [String: Int64]

    static let none = PeriodUsage(quantities: [:], peaks: [:])

    /// The totals of the UTC days from `start`'s through the one holding the instant before `end`.
    /// A period's first and last days are whole days: usage is summed per day.
    static func read(
        tenant: TenantID, from start: Date, to end: Date, on connection: PostgresConnection, logger: Logger
    ) async throws -> PeriodUsage {
        guard end > start else { return .none }
        var byDimension: [String: [(dimension: String, sum: Int64, peak: Int64, records: Int64)]] = [:]
        for try await (meter, dimension, sum, peak, records) in try await connection.checkedQuery("""
            SELECT meter, dimension, sum(quantity)::bigint, max(peak), sum(records)::bigint FROM control.usage_totals
            WHERE tenant_id = \(tenant.uuid)
              AND day >= (\(start)::timestamptz AT TIME ZONE 'UTC')::date
              AND day <= ((\(end)::timestamptz - interval '1 microsecond') AT TIME ZONE 'UTC')::date
            GROUP BY meter, dimension
            """, logger: logger).decode((String, String, Int64, Int64, Int64).self) {
            byDimension[meter, default: []].append((dimension, sum, peak, records))
        }
        var usage = PeriodUsage.none
        for (meter, rows) in byDimension {
            usage.peaks[meter] = rows.map(\.peak).max() ?? 0
            switch MeterAggregation.of(meter) {
            case .sum:
                usage.quantities[meter] = rows.reduce(0) { $0 + $1.sum }
            case .timeWeightedAverage:
                let sum = rows.reduce(0) { $0 + $1.sum }, samples = rows.reduce(0) { $0 + $1.records }
                usage.quantities[meter] = samples == 0 ? 0 : (sum + samples / 2) / samples
            case .distinct(let preferring):
                let sums = Dictionary(rows.map { ($0.dimension, $0.sum) }, uniquingKeysWith: +)
                usage.quantities[meter] = preferring.lazy.compactMap { sums[$0] }.first { $0 > 0 } ?? 0
            }
        }
        return usage
    }
}
