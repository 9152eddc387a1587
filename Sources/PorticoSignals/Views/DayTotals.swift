import Foundation

/// What a view sums from daily CI totals and daily cost over some days: counts, every duration and
/// lead time (so medians over a team stay exact), cost per currency and service, and each scope's
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
    var durations = ValueCounts()
    var leadTimes = ValueCounts()
    var costs: [CostAmount] = []
    var totals: [String: SignalsReader.Totals] = [:]

    private struct ScopeTotals: Decodable {
        let scope: String
        let cost: Double
        let deployments: Int
    }

    /// From the columns of `ViewSQL.columns` (`ViewColumns`).
    init(
        completed: Int, succeeded: Int, failed: Int, deploys: Int, failedDeploys: Int,
        durationsJSON: String, leadTimesJSON: String, costsJSON: String, totalsJSON: String
    ) throws {
        self.completed = completed
        self.succeeded = succeeded
        self.failed = failed
        self.deploys = deploys
        self.failedDeploys = failedDeploys
        durations = try SignalJSON.decoder.decode(ValueCounts.self, from: Data(durationsJSON.utf8))
        leadTimes = try SignalJSON.decoder.decode(ValueCounts.self, from: Data(leadTimesJSON.utf8))
        costs = try SignalJSON.decoder.decode([CostAmount].self, from: Data(costsJSON.utf8))
        for share in try SignalJSON.decoder.decode([ScopeTotals].self, from: Data(totalsJSON.utf8)) {
            totals[share.scope] = SignalsReader.Totals(cost: share.cost, deployments: share.deployments)
        }
    }

    /// How many entries it holds, for bounding what is kept in memory.
    var size: Int { durations.distinct + leadTimes.distinct + costs.count + totals.count }

    static func + (lhs: DayTotals, rhs: DayTotals) -> DayTotals {
        var sum = lhs
        sum.completed += rhs.completed
        sum.succeeded += rhs.succeeded
        sum.failed += rhs.failed
        sum.deploys += rhs.deploys
        sum.failedDeploys += rhs.failedDeploys
        sum.durations = sum.durations + rhs.durations
        sum.leadTimes = sum.leadTimes + rhs.leadTimes
        sum.costs += rhs.costs
        sum.totals.merge(rhs.totals) { SignalsReader.Totals(cost: $0.cost + $1.cost, deployments: $0.deployments + $1.deployments) }
        return sum
    }
}
