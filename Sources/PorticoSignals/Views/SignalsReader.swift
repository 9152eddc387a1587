import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Reads the sections of an entity view for a set of scopes (one entity, or everything a System,
/// Domain or Group holds), each through the primary key's prefix (scope, part, at).
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

    /// - Parameter refs: each scope's entity ref, for rows that name it.
    func sections(for refs: [String: String], tenant: TenantID, now: Date) async throws -> Sections {
        let scopes = Array(refs.keys).sorted()
        let since = now.addingTimeInterval(-Self.window)
        let logger = database.logger
        return try await database.withTenantTransaction(tenant) { connection in
            let latest = try await Self.runs(connection.checkedQuery("""
                SELECT scope, body::text FROM signals
                WHERE scope = ANY(\(scopes)) AND part = \(SignalPart.latestRun.rawValue) AND at = \(SignalKey.epoch)
                ORDER BY scope, key LIMIT \(Self.maximumLatest)
                """, logger: logger), refs: refs)
            let recent = try await Self.runs(connection.checkedQuery("""
                SELECT scope, body::text FROM signals
                WHERE scope = ANY(\(scopes)) AND part = \(SignalPart.run.rawValue) AND at >= \(since)
                ORDER BY at DESC LIMIT \(Self.recentRuns)
                """, logger: logger), refs: refs)
            var ci = CISection(latest: latest, recentRuns: recent, runs30d: 0, successRate30d: nil, medianDurationSeconds: nil)
            var dora = DORASection(deployments30d: 0, deploymentsPerWeek: 0, leadTimeHours: nil, changeFailureRate: nil)
            let statistics = try await connection.checkedQuery("""
                SELECT count(*) FILTER (WHERE body->>'status' = 'completed')::int,
                       count(*) FILTER (WHERE body->'run'->>'conclusion' = 'success')::int,
                       count(*) FILTER (WHERE (body->>'failed')::boolean)::int,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY (body->>'durationSeconds')::float8),
                       count(*) FILTER (WHERE (body->>'isDeployment')::boolean AND body->>'status' = 'completed')::int,
                       count(*) FILTER (WHERE (body->>'isDeployment')::boolean AND (body->>'failed')::boolean)::int,
                       percentile_cont(0.5) WITHIN GROUP (ORDER BY (body->>'leadTimeHours')::float8)
                FROM signals
                WHERE scope = ANY(\(scopes)) AND part = \(SignalPart.run.rawValue) AND at >= \(since)
                """, logger: logger)
            for try await (completed, succeeded, failed, median, deploys, failedDeploys, leadTime) in statistics.decode(
                (Int, Int, Int, Double?, Int, Int, Double?).self) {
                let decided = succeeded + failed
                ci = CISection(
                    latest: latest, recentRuns: recent, runs30d: completed,
                    successRate30d: decided == 0 ? nil : Double(succeeded) / Double(decided), medianDurationSeconds: median)
                dora = DORASection(
                    deployments30d: deploys, deploymentsPerWeek: Double(deploys) * 7 / 30, leadTimeHours: leadTime,
                    changeFailureRate: deploys == 0 ? nil : Double(failedDeploys) / Double(deploys))
            }
            var workloads: [WorkloadView] = []
            let rows = try await connection.checkedQuery("""
                SELECT body::text FROM signals
                WHERE scope = ANY(\(scopes)) AND part = \(SignalPart.workload.rawValue) AND at = \(SignalKey.epoch)
                ORDER BY scope, key
                """, logger: logger)
            for try await body in rows.decode(String.self) {
                workloads.append(try SignalJSON.decoder.decode(WorkloadView.self, from: Data(body.utf8)))
            }
            let cost = try await Self.cost(scopes, now: now, on: connection, logger: logger)
            return Sections(ci: ci, dora: dora, workloads: workloads, cost: cost)
        }
    }

    private static func runs(_ rows: PostgresRowSequence, refs: [String: String]) async throws -> [LatestRun] {
        var runs: [LatestRun] = []
        for try await (scope, body) in rows.decode((String, String).self) {
            let stored = try SignalJSON.decoder.decode(StoredRun.self, from: Data(body.utf8))
            runs.append(LatestRun(stored.run, entityRef: refs[scope] ?? scope))
        }
        return runs
    }

    /// The last 30 days by service and the 30 before, in the currency with the most cost.
    private static func cost(_ scopes: [String], now: Date, on connection: PostgresConnection, logger: Logger) async throws -> CostSection {
        let since = now.addingTimeInterval(-window)
        let before = now.addingTimeInterval(-2 * window)
        let rows = try await connection.checkedQuery("""
            SELECT body->>'currency', body->>'service',
                   coalesce(sum((body->>'effectiveCost')::numeric) FILTER (WHERE at >= \(since)), 0)::float8,
                   coalesce(sum((body->>'effectiveCost')::numeric) FILTER (WHERE at < \(since)), 0)::float8
            FROM signals
            WHERE scope = ANY(\(scopes)) AND part = \(SignalPart.cost.rawValue) AND at >= \(before) AND at <= \(now)
            GROUP BY 1, 2
            """, logger: logger)
        var byCurrency: [String: (last: [String: Double], previous: Double)] = [:]
        for try await (currency, service, last, previous) in rows.decode((String, String, Double, Double).self) {
            byCurrency[currency, default: ([:], 0)].last[service, default: 0] += last
            byCurrency[currency, default: ([:], 0)].previous += previous
        }
        guard let (currency, amounts) = byCurrency.max(by: { lhs, rhs in
            let (l, r) = (lhs.value.last.values.reduce(0, +), rhs.value.last.values.reduce(0, +))
            return l == r ? lhs.key > rhs.key : l < r
        }) else {
            return CostSection(currency: nil, last30Days: 0, byService: [], trend: .init(previous30Days: 0, change: nil), otherCurrencies: [])
        }
        let total = amounts.last.values.reduce(0, +)
        return CostSection(
            currency: currency, last30Days: total,
            byService: amounts.last.filter { $0.value != 0 }.map { CostSection.ServiceAmount(service: $0.key, amount: $0.value) }
                .sorted { $0.amount == $1.amount ? $0.service < $1.service : $0.amount > $1.amount },
            trend: .init(previous30Days: amounts.previous, change: amounts.previous == 0 ? nil : (total - amounts.previous) / amounts.previous),
            otherCurrencies: byCurrency.keys.filter { $0 != currency }.sorted())
    }
}

extension SignalsReader {
    struct Totals {
        var cost: Double = 0
        var deployments: Int = 0
    }

    /// Per scope: cost of the last 30 days (every currency together) and deploys from the daily
    /// CI totals, which outlive the runs.
    func totals(for scopes: [String], tenant: TenantID, now: Date) async throws -> [String: Totals] {
        guard !scopes.isEmpty else { return [:] }
        let since = now.addingTimeInterval(-Self.window)
        let logger = database.logger
        return try await database.withTenantTransaction(tenant) { connection in
            var totals: [String: Totals] = [:]
            let rows = try await connection.checkedQuery("""
                SELECT scope,
                       coalesce(sum((body->>'effectiveCost')::numeric) FILTER (WHERE part = \(SignalPart.cost.rawValue)), 0)::float8,
                       coalesce(sum((body->>'deploys')::int) FILTER (WHERE part = \(SignalPart.ciDay.rawValue)), 0)::int
                FROM signals
                WHERE scope = ANY(\(scopes)) AND part IN (\(SignalPart.cost.rawValue), \(SignalPart.ciDay.rawValue))
                  AND at >= \(UTCDays.start(of: since)) AND at <= \(now)
                GROUP BY scope
                """, logger: logger)
            for try await (scope, cost, deployments) in rows.decode((String, Double, Int).self) {
                totals[scope] = Totals(cost: cost, deployments: deployments)
            }
            return totals
        }
    }
}
