import Foundation

/// What a view sums from daily CI totals and daily cost over some days: counts, every duration and
/// lead time (medians over a team stay exact), cost per currency and service, and each scope's
/// own cost and deploys. Totals of disjoint days add up (`+`): a rollup's kept past days and its
/// live today.
struct DayTotals: Sendable {
    struct CostAmount: Decodable, Sendable {
        let currency: String
        let service: String
        let last: Double
        let previous: Double
    }

    var completed = 0
    var succeeded = 0
    var failed = 0
    var deploys = 0
    var failedDeploys = 0
    var durations: [Double] = []
    var leadTimes: [Double] = []
    var costs: [CostAmount] = []
    var totals: [String: SignalsReader.Totals] = [:]

    private struct ScopeTotals: Decodable {
        let scope: String
        let cost: Double
        let deployments: Int
    }

    /// From the columns of `DayTotalsSQL.columns`.
    init(
        completed: Int, succeeded: Int, failed: Int, deploys: Int, failedDeploys: Int,
        durationsJSON: String, leadTimesJSON: String, costsJSON: String, totalsJSON: String
    ) throws {
        self.completed = completed
        self.succeeded = succeeded
        self.failed = failed
        self.deploys = deploys
        self.failedDeploys = failedDeploys
        durations = try SignalJSON.decoder.decode([Double].self, from: Data(durationsJSON.utf8))
        leadTimes = try SignalJSON.decoder.decode([Double].self, from: Data(leadTimesJSON.utf8))
        costs = try SignalJSON.decoder.decode([CostAmount].self, from: Data(costsJSON.utf8))
        for share in try SignalJSON.decoder.decode([ScopeTotals].self, from: Data(totalsJSON.utf8)) {
            totals[share.scope] = SignalsReader.Totals(cost: share.cost, deployments: share.deployments)
        }
    }

    /// How many values it holds, for bounding what is kept in memory.
    var size: Int { durations.count + leadTimes.count + costs.count + totals.count }

    static func + (lhs: DayTotals, rhs: DayTotals) -> DayTotals {
        var sum = lhs
        sum.completed += rhs.completed
        sum.succeeded += rhs.succeeded
        sum.failed += rhs.failed
        sum.deploys += rhs.deploys
        sum.failedDeploys += rhs.failedDeploys
        sum.durations += rhs.durations
        sum.leadTimes += rhs.leadTimes
        sum.costs += rhs.costs
        sum.totals.merge(rhs.totals) { SignalsReader.Totals(cost: $0.cost + $1.cost, deployments: $0.deployments + $1.deployments) }
        return sum
    }

    /// PostgreSQL's `percentile_cont(0.5)`: the middle value, or the two middle ones interpolated.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let position = 0.5 * Double(sorted.count - 1)
        let lower = Int(position.rounded(.down))
        let upper = Int(position.rounded(.up))
        return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
    }
}
