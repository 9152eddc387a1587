import Foundation

/// `GET /api/signals/entities/{kind}/{namespace}/{name}`: an entity's CI, deployments, workloads
/// and cost; for a System, Domain or Group everything it holds or owns, with `rollup`. Sections
/// with no data yet are empty lists and nulls, never missing.
struct EntitySignals: Encodable {
    let entityRef: String
    let ci: CISection
    let dora: DORASection
    let workloads: [WorkloadView]
    let cost: CostSection
    let rollup: Rollup?

    private enum CodingKeys: String, CodingKey { case entityRef, ci, dora, workloads, cost, rollup }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entityRef, forKey: .entityRef)
        try container.encode(ci, forKey: .ci)
        try container.encode(dora, forKey: .dora)
        try container.encode(workloads, forKey: .workloads)
        try container.encode(cost, forKey: .cost)
        try container.encodeIfPresent(rollup, forKey: .rollup)
    }
}

struct CISection: Encodable {
    let latest: [LatestRun]
    let recentRuns: [LatestRun]
    let runs30d: Int
    let successRate30d: Double?
    let medianDurationSeconds: Double?

    private enum CodingKeys: String, CodingKey { case latest, recentRuns, runs30d, successRate30d, medianDurationSeconds }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(latest, forKey: .latest)
        try container.encode(recentRuns, forKey: .recentRuns)
        try container.encode(runs30d, forKey: .runs30d)
        try container.encode(successRate30d, forKey: .successRate30d)
        try container.encode(medianDurationSeconds, forKey: .medianDurationSeconds)
    }
}

/// One run as the views show it (the latest per workflow and branch, or a recent one). SQL
/// projects these fields from the stored run (`EntityViewStatement`); the times are passed on as
/// stored, ISO 8601 text written by the same encoder the API uses, so decoding a team's hundreds
/// of runs parses no date (decoding whole stored runs was a third of a team view's CPU).
struct LatestRun: Codable {
    /// Filled in from the scope by `SignalsReader`.
    var entityRef: String?
    let scope: String
    let provider: String
    let workflow: String
    let branch: String
    let status: String
    let conclusion: String?
    let url: String?
    let createdAt: String
    let finishedAt: String?

    private enum CodingKeys: String, CodingKey { case entityRef, scope, provider, workflow, branch, status, conclusion, url, createdAt, finishedAt }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(entityRef ?? scope, forKey: .entityRef)
        try container.encode(provider, forKey: .provider)
        try container.encode(workflow, forKey: .workflow)
        try container.encode(branch, forKey: .branch)
        try container.encode(status, forKey: .status)
        try container.encode(conclusion, forKey: .conclusion)
        try container.encode(url, forKey: .url)
        try container.encode(createdAt, forKey: .createdAt)
        try container.encode(finishedAt, forKey: .finishedAt)
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
