import Foundation
import PorticoGateway

/// `GET /api/signals/entities/{kind}/{namespace}/{name}`: an entity's CI, deployments, workloads
/// and cost; for a System, Domain or Group everything it holds or owns, with `rollup`. Sections
/// with no data yet are empty lists and nulls, never missing.
struct EntitySignals {
    let entityRef: String
    let ci: CISection
    let dora: DORASection
    let workloads: [WorkloadView]
    let cost: CostSection
    let rollup: Rollup?

    /// The response's JSON, the runs in it as PostgreSQL rendered them.
    func json() throws -> String {
        var object = JSONObjectText()
        object.append("ci", json: try ci.json())
        try object.append("cost", cost)
        try object.append("dora", dora)
        try object.append("entityRef", entityRef)
        if let rollup { try object.append("rollup", rollup) }
        try object.append("workloads", workloads)
        return object.json
    }
}

/// Runs come as JSON arrays rendered by `EntityViewStatement`, each run with the fields
/// `branch`, `conclusion`, `createdAt`, `entityRef`, `finishedAt`, `provider`, `status`, `url`,
/// `workflow` (the times as stored, ISO 8601 text): a team's hundreds of latest runs were a
/// quarter of its view's CPU when decoded and encoded again.
struct CISection {
    let latestJSON: String
    let recentRunsJSON: String
    let runs30d: Int
    let successRate30d: Double?
    let medianDurationSeconds: Double?

    func json() throws -> String {
        var object = JSONObjectText()
        object.append("latest", json: latestJSON)
        try object.append("medianDurationSeconds", medianDurationSeconds)
        object.append("recentRuns", json: recentRunsJSON)
        try object.append("runs30d", runs30d)
        try object.append("successRate30d", successRate30d)
        return object.json
    }
}

/// The DORA measures over the last 30 days, from deploy runs.
struct DORASection: Encodable {
    let deployments30d: Int
    let deploymentsPerWeek: Double
    /// Median hours from commit to successful deploy; null without commit times.
    let leadTimeHours: Double?
    /// Failed deploys over deploys; null without deploys.
    let changeFailureRate: Double?

    private enum CodingKeys: String, CodingKey { case deployments30d, deploymentsPerWeek, leadTimeHours, changeFailureRate }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(deployments30d, forKey: .deployments30d)
        try container.encode(deploymentsPerWeek, forKey: .deploymentsPerWeek)
        try container.encode(leadTimeHours, forKey: .leadTimeHours)
        try container.encode(changeFailureRate, forKey: .changeFailureRate)
    }
}

struct CostSection: Encodable {
    struct ServiceAmount: Encodable {
        let service: String
        let amount: Double
    }

    struct Trend: Encodable {
        let previous30Days: Double
        /// (last 30 days − previous 30) / previous 30; null when there was no previous cost.
        let change: Double?

        private enum CodingKeys: String, CodingKey { case previous30Days, change }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(previous30Days, forKey: .previous30Days)
            try container.encode(change, forKey: .change)
        }
    }

    /// The currency of the amounts; null without cost. Rows in other currencies are not summed
    /// in (`otherCurrencies` names them).
    let currency: String?
    let last30Days: Double
    let byService: [ServiceAmount]
    let trend: Trend
    let otherCurrencies: [String]

    private enum CodingKeys: String, CodingKey { case currency, last30Days, byService, trend, otherCurrencies }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(currency, forKey: .currency)
        try container.encode(last30Days, forKey: .last30Days)
        try container.encode(byService, forKey: .byService)
        try container.encode(trend, forKey: .trend)
        try container.encode(otherCurrencies, forKey: .otherCurrencies)
    }
}

/// What a System, Domain or Group view was summed over, and for a Group each team's share.
struct Rollup: Encodable {
    struct Team: Encodable {
        let group: String
        let entities: Int
        let cost30Days: Double
        let deployments30d: Int
        let failingWorkloads: Int
    }

    let entities: [String]
    let teams: [Team]
}
