import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Reads the sections of an entity view for a set of scopes (one entity, or everything a System,
/// Domain or Group holds), each through the primary key's prefix (scope, part, at), all in one
/// statement: on a busy host every round trip is another wait to be scheduled, which is what the
/// slowest answers are made of.
struct SignalsReader: Sendable {
    let database: Database

    static let window: TimeInterval = 30 * 86_400
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

    /// - Parameters:
    ///   - refs: each scope's entity ref, for rows that name it.
    ///   - totalsOf: scopes whose own cost and deploys are wanted too (a Group's teams), read in
    ///     the same transaction.
    func read(
        _ refs: [String: String], totalsOf: [String] = [], tenant: TenantID, now: Date
    ) async throws -> (sections: Sections, totals: [String: Totals]) {
        let logger = database.logger
        return try await database.withTenantTransaction(tenant) { connection in
            let sections = try await Self.sections(refs, now: now, on: connection, logger: logger)
            let totals = try await Self.totals(totalsOf, now: now, on: connection, logger: logger)
            return (sections, totals)
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

    private static func sections(_ refs: [String: String], now: Date, on connection: PostgresConnection, logger: Logger) async throws -> Sections {
        let scopes = Array(refs.keys).sorted()
        let since = now.addingTimeInterval(-window)
        let before = now.addingTimeInterval(-2 * window)
        let rows = try await connection.checkedQuery("""
            WITH latest AS (
                SELECT scope, key, body FROM signals
                WHERE scope = ANY(\(scopes)) AND part = \(SignalPart.latestRun.rawValue) AND at = \(SignalKey.epoch)
                ORDER BY scope, key LIMIT \(maximumLatest)
            ), recent AS (
                SELECT scope, at, body FROM signals
                WHERE scope = ANY(\(scopes)) AND part = \(SignalPart.run.rawValue) AND at >= \(since)
                ORDER BY at DESC LIMIT \(recentRuns)
            ), cost AS (
                SELECT body->>'currency' AS currency, body->>'service' AS service,
                       coalesce(sum((body->>'effectiveCost')::numeric) FILTER (WHERE at >= \(since)), 0)::float8 AS last,
                       coalesce(sum((body->>'effectiveCost')::numeric) FILTER (WHERE at < \(since)), 0)::float8 AS previous
                FROM signals
                WHERE scope = ANY(\(scopes)) AND part = \(SignalPart.cost.rawValue) AND at >= \(before) AND at <= \(now)
                GROUP BY 1, 2
            )
            SELECT (SELECT coalesce(json_agg(json_build_object('scope', scope, 'body', body) ORDER BY scope, key), '[]')::text FROM latest),
                   (SELECT coalesce(json_agg(json_build_object('scope', scope, 'body', body) ORDER BY at DESC), '[]')::text FROM recent),
                   s.completed, s.succeeded, s.failed, s.median, s.deploys, s.failed_deploys, s.lead_time,
                   (SELECT coalesce(json_agg(body ORDER BY scope, key), '[]')::text FROM signals
                    WHERE scope = ANY(\(scopes)) AND part = \(SignalPart.workload.rawValue) AND at = \(SignalKey.epoch)),
                   (SELECT coalesce(json_agg(cost), '[]')::text FROM cost)
            FROM (SELECT count(*) FILTER (WHERE body->>'status' = 'completed')::int AS completed,
                         count(*) FILTER (WHERE body->'run'->>'conclusion' = 'success')::int AS succeeded,
                         count(*) FILTER (WHERE (body->>'failed')::boolean)::int AS failed,
                         percentile_cont(0.5) WITHIN GROUP (ORDER BY (body->>'durationSeconds')::float8) AS median,
                         count(*) FILTER (WHERE (body->>'isDeployment')::boolean AND body->>'status' = 'completed')::int AS deploys,
                         count(*) FILTER (WHERE (body->>'isDeployment')::boolean AND (body->>'failed')::boolean)::int AS failed_deploys,
                         percentile_cont(0.5) WITHIN GROUP (ORDER BY (body->>'leadTimeHours')::float8) AS lead_time
                  FROM signals
                  WHERE scope = ANY(\(scopes)) AND part = \(SignalPart.run.rawValue) AND at >= \(since)) AS s
            """, logger: logger)
        for try await (latestJSON, recentJSON, completed, succeeded, failed, median, deploys, failedDeploys, leadTime, workloadsJSON, costJSON)
            in rows.decode((String, String, Int, Int, Int, Double?, Int, Int, Double?, String, String).self) {
            let decided = succeeded + failed
            let ci = CISection(
                latest: try runs(latestJSON, refs: refs), recentRuns: try runs(recentJSON, refs: refs), runs30d: completed,
                successRate30d: decided == 0 ? nil : Double(succeeded) / Double(decided), medianDurationSeconds: median)
            let dora = DORASection(
                deployments30d: deploys, deploymentsPerWeek: Double(deploys) * 7 / 30, leadTimeHours: leadTime,
                changeFailureRate: deploys == 0 ? nil : Double(failedDeploys) / Double(deploys))
            let workloads = try SignalJSON.decoder.decode([WorkloadView].self, from: Data(workloadsJSON.utf8))
            let cost = costSection(try SignalJSON.decoder.decode([CostAmount].self, from: Data(costJSON.utf8)))
            return Sections(ci: ci, dora: dora, workloads: workloads, cost: cost)
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

    /// Per scope: cost of the last 30 days (every currency together) and deploys from the daily
    /// CI totals, which outlive the runs.
    private static func totals(_ scopes: [String], now: Date, on connection: PostgresConnection, logger: Logger) async throws -> [String: Totals] {
        guard !scopes.isEmpty else { return [:] }
        let since = now.addingTimeInterval(-window)
        var totals: [String: Totals] = [:]
        let rows = try await connection.checkedQuery("""
            SELECT scope,
                   coalesce(sum((body->>'effectiveCost')::numeric) FILTER (WHERE part = \(SignalPart.cost.rawValue)), 0)::float8,
                   coalesce(sum((body->>'deploys')::int) FILTER (WHERE part = \(SignalPart.ciDay.rawValue)), 0)::int
            FROM signals
            WHERE scope = ANY(\(scopes.sorted())) AND part IN (\(SignalPart.cost.rawValue), \(SignalPart.ciDay.rawValue))
              AND at >= \(UTCDays.start(of: since)) AND at <= \(now)
            GROUP BY scope
            """, logger: logger)
        for try await (scope, cost, deployments) in rows.decode((String, Double, Int).self) {
            totals[scope] = Totals(cost: cost, deployments: deployments)
        }
        return totals
    }
}
