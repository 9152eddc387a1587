import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Reads the sections of an entity view for a set of scopes (one entity, or everything a System,
/// Domain or Group holds), all in one prepared statement (`EntityViewStatement`): on a busy host
/// every round trip is another wait to be scheduled, which is what the slowest answers are made of.
///
/// The 30 days are the last 30 UTC days, today included. CI and DORA figures come from the
/// entities' daily totals (`ciDay`: counts, and each day's durations and lead times for exact
/// medians), never from run bodies, so an entity costs at most 30 rows however many runs it had;
/// runs are read only for the 20 most recent.
struct SignalsReader: Sendable {
    let database: Database

    static let windowDays = 30
    /// Above this many scopes a view's statement is planned for its actual scopes (see
    /// `EntityViewStatement`): the plan then costs milliseconds against a read of seconds.
    static let customPlanAbove = 500
    static let maximumLatest = 500
    static let recentRuns = 20

    struct Sections {
        let ci: CISection
        let dora: DORASection
        let workloads: [WorkloadView]
        let cost: CostSection
    }

    struct Totals {
        var cost: Double = 0
        var deployments: Int = 0
    }

    /// The last `windowDays` UTC days up to `now`, and as many before them (the cost trend's).
    struct Window {
        let start: Date
        let previousStart: Date
        let now: Date

        init(now: Date) {
            self.now = now
            start = UTCDays.start(of: now).addingTimeInterval(-86_400 * Double(SignalsReader.windowDays - 1))
            previousStart = start.addingTimeInterval(-86_400 * Double(SignalsReader.windowDays))
        }
    }

    /// - Parameters:
    ///   - refs: each scope's entity ref, for rows that name it.
    ///   - withTotals: also each scope's own cost and deploys (a Group's team shares).
    func read(
        _ refs: [String: String], withTotals: Bool = false, tenant: TenantID, now: Date
    ) async throws -> (sections: Sections, totals: [String: Totals]) {
        let logger = database.logger
        return try await database.withTenantTransaction(tenant) { connection in
            try await Self.sections(refs, withTotals: withTotals, window: Window(now: now), on: connection, logger: logger)
        }
    }

    private struct CostAmount: Decodable {
        let currency: String
        let service: String
        let last: Double
        let previous: Double
    }

    private struct ScopeTotals: Decodable {
        let scope: String
        let cost: Double
        let deployments: Int
    }

    private static func sections(
        _ refs: [String: String], withTotals: Bool, window: Window, on connection: PostgresConnection, logger: Logger
    ) async throws -> (sections: Sections, totals: [String: Totals]) {
        if refs.count > customPlanAbove {
            try await connection.execute("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)", logger: logger)
        }
        let scopes = Array(refs.keys).sorted()
        let rows = try await connection.checkedExecute(
            EntityViewStatement(scopes: scopes, refs: scopes.map { refs[$0] ?? $0 }, window: window, withTotals: withTotals), logger: logger)
        for try await (latestJSON, recentJSON, completed, succeeded, failed, deploys, failedDeploys, median, leadTime, workloadsJSON, costJSON, totalsJSON)
            in rows {
            let decided = succeeded + failed
            let ci = CISection(
                latestJSON: latestJSON, recentRunsJSON: recentJSON, runs30d: completed,
                successRate30d: decided == 0 ? nil : Double(succeeded) / Double(decided), medianDurationSeconds: median)
            let dora = DORASection(
                deployments30d: deploys, deploymentsPerWeek: Double(deploys) * 7 / Double(windowDays), leadTimeHours: leadTime,
                changeFailureRate: deploys == 0 ? nil : Double(failedDeploys) / Double(deploys))
            let workloads = try SignalJSON.decoder.decode([WorkloadView].self, from: Data(workloadsJSON.utf8))
            let cost = costSection(try SignalJSON.decoder.decode([CostAmount].self, from: Data(costJSON.utf8)))
            var totals: [String: Totals] = [:]
            for share in try SignalJSON.decoder.decode([ScopeTotals].self, from: Data(totalsJSON.utf8)) {
                totals[share.scope] = Totals(cost: share.cost, deployments: share.deployments)
            }
            return (Sections(ci: ci, dora: dora, workloads: workloads, cost: cost), totals)
        }
        throw PorticoError.databaseUnavailable
    }

    /// The last 30 days by service and the 30 before, in the currency with the most cost.
    private static func costSection(_ amounts: [CostAmount]) -> CostSection {
        var byCurrency: [String: (last: [String: Double], previous: Double)] = [:]
        for amount in amounts {
            byCurrency[amount.currency, default: ([:], 0)].last[amount.service, default: 0] += amount.last
            byCurrency[amount.currency, default: ([:], 0)].previous += amount.previous
        }
        guard let (currency, sums) = byCurrency.max(by: { lhs, rhs in
            let (l, r) = (lhs.value.last.values.reduce(0, +), rhs.value.last.values.reduce(0, +))
            return l == r ? lhs.key > rhs.key : l < r
        }) else {
            return CostSection(currency: nil, last30Days: 0, byService: [], trend: .init(previous30Days: 0, change: nil), otherCurrencies: [])
        }
        let total = sums.last.values.reduce(0, +)
        return CostSection(
            currency: currency, last30Days: total,
            byService: sums.last.filter { $0.value != 0 }.map { CostSection.ServiceAmount(service: $0.key, amount: $0.value) }
                .sorted { $0.amount == $1.amount ? $0.service < $1.service : $0.amount > $1.amount },
            trend: .init(previous30Days: sums.previous, change: sums.previous == 0 ? nil : (total - sums.previous) / sums.previous),
            otherCurrencies: byCurrency.keys.filter { $0 != currency }.sorted())
    }
}
