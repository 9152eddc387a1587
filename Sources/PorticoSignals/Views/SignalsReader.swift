import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Reads the sections of an entity view for a set of scopes (one entity, or everything a System,
/// Domain or Group holds), all in one statement: on a busy host every round trip is another wait
/// to be scheduled, which is what the slowest answers are made of.
///
/// The 30 days are the last 30 UTC days, today included. CI and DORA figures come from the
/// entities' daily totals (`ciDay`: counts, and each day's durations and lead times for exact
/// medians), never from run bodies, so a team costs its members' 30 small rows each however many
/// runs they had; runs are read only for the 20 most recent. Scopes are joined from an `unnest`
/// rather than compared with `= ANY(…)`: the planner estimates an `ANY` element by element, which
/// at thousands of scopes costs more than executing the statement.
struct SignalsReader: Sendable {
    let database: Database

    static let windowDays = 30
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

    private struct ScopedRun: Decodable {
        let scope: String
        let body: StoredRun
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
        let scopes = Array(refs.keys).sorted()
        let rows = try await connection.checkedQuery("""
            WITH scopes AS (
                SELECT DISTINCT unnest(\(scopes)::text[]) AS scope
            ), latest AS (
                SELECT s.scope, s.key, s.body FROM scopes c
                JOIN signals s ON s.scope = c.scope AND s.part = \(SignalPart.latestRun.rawValue) AND s.at = \(SignalKey.epoch)
                ORDER BY s.scope, s.key LIMIT \(maximumLatest)
            ), recent AS (
                SELECT r.scope, r.at, r.key FROM scopes c CROSS JOIN LATERAL (
                    SELECT scope, at, key FROM signals
                    WHERE scope = c.scope AND part = \(SignalPart.run.rawValue) AND at >= \(window.start) AND at <= \(window.now)
                    ORDER BY at DESC LIMIT \(recentRuns)) r
                ORDER BY r.at DESC, r.scope, r.key LIMIT \(recentRuns)
            ), days AS (
                SELECT d.scope, d.body FROM scopes c
                JOIN signals d ON d.scope = c.scope AND d.part = \(SignalPart.ciDay.rawValue) AND d.at >= \(window.start) AND d.at <= \(window.now)
            ), costs AS (
                SELECT k.scope, k.body->>'currency' AS currency, k.body->>'service' AS service,
                       coalesce(sum((k.body->>'effectiveCost')::numeric) FILTER (WHERE k.at >= \(window.start)), 0) AS last,
                       coalesce(sum((k.body->>'effectiveCost')::numeric) FILTER (WHERE k.at < \(window.start)), 0) AS previous
                FROM scopes c
                JOIN signals k ON k.scope = c.scope AND k.part = \(SignalPart.cost.rawValue) AND k.at >= \(window.previousStart) AND k.at <= \(window.now)
                GROUP BY 1, 2, 3
            )
            SELECT (SELECT coalesce(json_agg(json_build_object('scope', scope, 'body', body) ORDER BY scope, key), '[]')::text FROM latest),
                   (SELECT coalesce(json_agg(json_build_object('scope', r.scope, 'body', s.body) ORDER BY r.at DESC, r.scope, r.key), '[]')::text
                    FROM recent r JOIN signals s ON s.scope = r.scope AND s.part = \(SignalPart.run.rawValue) AND s.at = r.at AND s.key = r.key),
                   t.completed, t.succeeded, t.failed, t.deploys, t.failed_deploys,
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v::float8)
                    FROM days, jsonb_array_elements_text(days.body->'durationsSeconds') AS v),
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v::float8)
                    FROM days, jsonb_array_elements_text(days.body->'leadTimesHours') AS v),
                   (SELECT coalesce(json_agg(s.body ORDER BY s.scope, s.key), '[]')::text FROM scopes c
                    JOIN signals s ON s.scope = c.scope AND s.part = \(SignalPart.workload.rawValue) AND s.at = \(SignalKey.epoch)),
                   (SELECT coalesce(json_agg(json_build_object('currency', currency, 'service', service, 'last', last, 'previous', previous)), '[]')::text
                    FROM (SELECT currency, service, sum(last)::float8 AS last, sum(previous)::float8 AS previous FROM costs GROUP BY 1, 2) AS a),
                   (SELECT coalesce(json_agg(json_build_object('scope', scope, 'cost', cost, 'deployments', deployments)), '[]')::text
                    FROM (SELECT scope, sum(cost)::float8 AS cost, sum(deployments)::int AS deployments
                          FROM (SELECT scope, last AS cost, 0 AS deployments FROM costs
                                UNION ALL
                                SELECT scope, 0, (body->>'deploys')::int FROM days) AS u
                          WHERE \(withTotals)
                          GROUP BY scope) AS p)
            FROM (SELECT coalesce(sum((body->>'runs')::int), 0)::int AS completed,
                         coalesce(sum((body->>'succeeded')::int), 0)::int AS succeeded,
                         coalesce(sum((body->>'failures')::int), 0)::int AS failed,
                         coalesce(sum((body->>'deploys')::int), 0)::int AS deploys,
                         coalesce(sum((body->>'failedDeploys')::int), 0)::int AS failed_deploys
                  FROM days) AS t
            """, logger: logger)
        for try await (latestJSON, recentJSON, completed, succeeded, failed, deploys, failedDeploys, median, leadTime, workloadsJSON, costJSON, totalsJSON)
            in rows.decode((String, String, Int, Int, Int, Int, Int, Double?, Double?, String, String, String).self) {
            let decided = succeeded + failed
            let ci = CISection(
                latest: try runs(latestJSON, refs: refs), recentRuns: try runs(recentJSON, refs: refs), runs30d: completed,
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

    private static func runs(_ json: String, refs: [String: String]) throws -> [LatestRun] {
        try SignalJSON.decoder.decode([ScopedRun].self, from: Data(json.utf8)).map { LatestRun($0.body.run, entityRef: refs[$0.scope] ?? $0.scope) }
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
