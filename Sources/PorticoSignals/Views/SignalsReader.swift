import Foundation
import Logging
import PorticoCore
import PorticoGateway
import PorticoStore
import PostgresNIO

/// Reads the sections of an entity view for a set of scopes (one entity, or everything a System,
/// Domain or Group holds), in one prepared statement (`EntityViewStatement`): on a busy host every
/// round trip is another wait to be scheduled, which is what the slowest answers are made of.
///
/// The 30 days are the last 30 UTC days, today included. CI and DORA figures come from the
/// entities' daily totals (`ciDay`: counts, and each day's durations and lead times for exact
/// medians), never from run bodies, so an entity costs at most 30 rows however many runs it had;
/// runs are read only for the 20 most recent.
///
/// A rollup's days before today (totals, cost, their most recent runs) and its latest runs are
/// read once (`PastDaysStatement`) and kept per process for `pastDaysLifetime`, keyed by its exact
/// set of scopes and today's date; each view then reads only today's rows beside them, the latest
/// runs of the scopes with a run today, and workloads, always live. What is kept changes only when
/// a run state or cost row for a past day arrives late (a run of yesterday finishing now): that
/// shows in rollups within the lifetime, in the entity's own view at once. (A team of 100 read
/// 2,800 day rows and 200 latest runs per view.)
struct SignalsReader: Sendable {
    let database: Database
    /// A rollup's days of the window before today, and its latest runs when they were read: every
    /// run of today is newer than these recent runs, so a view's recent runs are today's, then
    /// these; its latest runs are those read live for the scopes with a run today, these for the
    /// others.
    private let pastDays: ExpiringCache<PastDaysKey, ViewColumns>?

    static let windowDays = 30
    /// Above this many scopes a view's statement is planned for its actual scopes (see
    /// `EntityViewStatement`): the plan then costs milliseconds against a read of seconds.
    static let customPlanAbove = 500
    static let maximumLatest = 500
    static let recentRuns = 20
    /// Past days are kept for this many rollups per process, each of at most `pastDaysMaximumSize`
    /// entries (distinct durations and lead times, costs, scopes; about 100 bytes each at most), so
    /// what is kept stays under ~150 MB whatever tenants' groups look like (a team of 100: ~10 KB); a
    /// bigger rollup reads its past days each time.
    static let pastDaysCapacity = 64
    static let pastDaysMaximumSize = 20_000

    init(database: Database, pastDaysLifetime: Duration) {
        self.database = database
        pastDays = pastDaysLifetime > .zero ? ExpiringCache(lifetime: pastDaysLifetime, capacity: Self.pastDaysCapacity) : nil
    }

    private struct PastDaysKey: Hashable, Sendable {
        let tenant: TenantID
        let today: Date
        let scopes: [String]
        let withTotals: Bool
    }

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
        let today: Date
        let now: Date

        init(now: Date) {
            self.now = now
            today = UTCDays.start(of: now)
            start = today.addingTimeInterval(-86_400 * Double(SignalsReader.windowDays - 1))
            previousStart = start.addingTimeInterval(-86_400 * Double(SignalsReader.windowDays))
        }
    }

    /// - Parameters:
    ///   - refs: each scope's entity ref, for rows that name it.
    ///   - rollup: the scopes are what a System, Domain or Group holds (its past days may be kept).
    ///   - withTotals: also each scope's own cost and deploys (a Group's team shares).
    func read(
        _ refs: [String: String], rollup: Bool, withTotals: Bool = false, tenant: TenantID, now: Date
    ) async throws -> (sections: Sections, totals: [String: Totals]) {
        let logger = database.logger
        let window = Window(now: now)
        let scopes = Array(refs.keys).sorted()
        let names = scopes.map { refs[$0] ?? $0 }
        let key = PastDaysKey(tenant: tenant, today: window.today, scopes: scopes, withTotals: withTotals)
        let kept = rollup ? pastDays?.value(for: key) : nil
        return try await database.withTenantTransaction(tenant) { connection in
            if scopes.count > Self.customPlanAbove {
                try await connection.execute("SELECT set_config('plan_cache_mode', 'force_custom_plan', true)", logger: logger)
            }
            var past = kept
            if rollup, past == nil {
                past = try await Self.pastDays(scopes, refs: names, window: window, withTotals: withTotals, on: connection, logger: logger)
            }
            let from = past == nil
                ? EntityViewStatement.From(days: window.start, previousCost: window.previousStart, recentRuns: window.start, latestOfScopesWithDays: false)
                : EntityViewStatement.From(days: window.today, previousCost: window.today, recentRuns: window.today, latestOfScopesWithDays: true)
            let rows = try await connection.checkedExecute(
                EntityViewStatement(scopes: scopes, refs: names, window: window, from: from, withTotals: withTotals), logger: logger)
            for try await (live, workloadsJSON) in rows {
                if kept == nil, let past, past.totals.size <= Self.pastDaysMaximumSize { pastDays?.keep(past, for: key) }
                let days = past.map { $0.totals + live.totals } ?? live.totals
                let recent = (live.recentRuns + (past?.recentRuns ?? [])).prefix(Self.recentRuns)
                let latest = Self.latest(live: live.latest, kept: past?.latest)
                let workloads = try SignalJSON.decoder.decode([WorkloadView].self, from: Data(workloadsJSON.utf8))
                return (Self.sections(days, latest: latest, recentRuns: Array(recent), workloads: workloads), days.totals)
            }
            throw PorticoError.databaseUnavailable
        }
    }

    private static func pastDays(
        _ scopes: [String], refs: [String], window: Window, withTotals: Bool, on connection: PostgresConnection, logger: Logger
    ) async throws -> ViewColumns {
        let rows = try await connection.checkedExecute(
            PastDaysStatement(scopes: scopes, refs: refs, window: window, withTotals: withTotals), logger: logger)
        for try await past in rows { return past }
        throw PorticoError.databaseUnavailable
    }

    /// The live latest runs, and the kept ones of the scopes not read live; both come ordered by
    /// scope (and key), their scopes apart, so merging by scope keeps the order of one reading.
    private static func latest(live: [ViewColumns.RenderedRun], kept: [ViewColumns.RenderedRun]?) -> [String] {
        guard let kept else { return live.map(\.json) }
        let renewed = Set(live.map(\.scope))
        let others = kept.filter { !renewed.contains($0.scope) }
        var merged: [String] = []
        merged.reserveCapacity(min(maximumLatest, others.count + live.count))
        var (next, nextLive) = (others.startIndex, live.startIndex)
        while merged.count < maximumLatest, next < others.endIndex || nextLive < live.endIndex {
            if nextLive == live.endIndex || (next < others.endIndex && others[next].scope < live[nextLive].scope) {
                merged.append(others[next].json)
                next += 1
            } else {
                merged.append(live[nextLive].json)
                nextLive += 1
            }
        }
        return merged
    }

    private static func sections(_ days: DayTotals, latest: [String], recentRuns: [String], workloads: [WorkloadView]) -> Sections {
        let decided = days.succeeded + days.failed
        let ci = CISection(
            latestJSON: JSONText.array(latest), recentRunsJSON: JSONText.array(recentRuns), runs30d: days.completed,
            successRate30d: decided == 0 ? nil : Double(days.succeeded) / Double(decided), medianDurationSeconds: days.durations.median)
        let dora = DORASection(
            deployments30d: days.deploys, deploymentsPerWeek: Double(days.deploys) * 7 / Double(windowDays),
            leadTimeHours: days.leadTimes.median,
            changeFailureRate: days.deploys == 0 ? nil : Double(days.failedDeploys) / Double(days.deploys))
        return Sections(ci: ci, dora: dora, workloads: workloads, cost: costSection(days.costs))
    }

    /// The last 30 days by service and the 30 before, in the currency with the most cost.
    private static func costSection(_ amounts: [DayTotals.CostAmount]) -> CostSection {
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
