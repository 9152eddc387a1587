import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// A run state to store under the entities its repository maps to, with its delivery id.
struct PendingRun: Sendable {
    let run: CIRun
    let entities: [CatalogEntityHandle]
    /// The delivery's id (`hook␟id`), taken in the same transaction as the run: a redelivery finds
    /// it and changes nothing, and a failed write does not keep it.
    let delivery: String?
}

/// Writes a group of run states in one tenant transaction, each as if alone and in arrival order
/// (`RunGroupPlan`): a run row only when its state is newer than the stored one (a late
/// `in_progress` after `completed` changes nothing), the latest run per workflow and branch, the
/// entities' totals of the runs' days, and what is failing on the default branch.
///
/// Up to three prepared statements (`RunGroupStatements.swift`; one more when a GitLab deployment
/// needs its first-seen time): the day locks, the delivery ids and the stored ranks; the runs, the
/// latest rows and the day totals; the failing list, when it changes. Every statement covers the
/// whole group, its rows in key order (no deadlock between replicas).
struct RunStore {
    let database: Database

    enum Outcome: String, Encodable, Sendable {
        case applied
        case outOfOrder = "out_of_order"
        case duplicate
    }

    /// How long a delivery id is remembered: the providers redeliver within hours or days.
    static let deliveryDays = 8

    /// One outcome per pending run, in the same order.
    func apply(_ pending: [PendingRun], tenant: TenantID) async throws -> [Outcome] {
        let logger = database.logger
        return try await database.withTenantTransaction(tenant, planning: .keyedGeneric) { connection in
            var outcomes = [Outcome](repeating: .duplicate, count: pending.count)
            let filingTimes = try await Self.filingTimes(of: pending.map(\.run), on: connection, logger: logger)
            let candidates = try pending.enumerated().map { index, item in
                try State(index: index, item: item, filedAt: filingTimes[Self.filingKey(item.run)] ?? item.run.createdAt)
            }
            let start = try await Self.lockTakeAndReadRanks(candidates, on: connection, logger: logger)
            var seen = Set<String>()
            let states = candidates.filter { state in
                guard let delivery = state.delivery else { return true }
                return start.taken.contains(delivery) && seen.insert(delivery).inserted
            }
            guard !states.isEmpty else { return outcomes }
            let plan = RunGroupPlan(ranks: states.map(\.run.rank), rows: states.map(\.rows), stored: start.ranks)
            let (written, latest) = try await Self.writeRunsLatestAndDays(plan, states: states, on: connection, logger: logger)
            for (state, rows) in zip(states, plan.appliedRows) {
                outcomes[state.index] = rows.contains { written.contains(RunKey($0)) } ? .applied : .outOfOrder
            }
            let failing = FailingUpdate(plan, states: states, written: written, latest: latest).statement
            if !failing.isEmpty {
                for try await _ in try await connection.checkedExecute(failing, logger: logger) {}
            }
            return outcomes
        }
    }

    /// One state of the group as written: its run, the stored body and its rows.
    private struct State {
        let index: Int
        let run: CIRun
        let entities: [CatalogEntityHandle]
        let delivery: String?
        let stored: StoredRun
        let body: String
        let rows: [RunGroupPlan.Row]

        init(index: Int, item: PendingRun, filedAt: Date) throws {
            self.index = index
            run = item.run
            entities = item.entities
            delivery = item.delivery
            stored = StoredRun(item.run, filedAt: filedAt)
            body = try stored.json()
            let key = SignalKey.join(item.run.provider, item.run.runID)
            rows = item.entities.map { RunGroupPlan.Row(scope: SignalScope.entity($0.uid), at: filedAt, key: key) }
        }

        var latestKey: String { SignalKey.join(run.workflow, run.branch) }
    }

    /// A run row as SQL answers it: timestamps come back at microseconds, so rows are told apart
    /// by scope and key (one run is filed at one time).
    private struct RunKey: Hashable {
        let scope: String
        let key: String

        init(scope: String, key: String) {
            self.scope = scope
            self.key = key
        }

        init(_ row: RunGroupPlan.Row) {
            self.init(scope: row.scope, key: row.key)
        }
    }

    /// An entity's day of runs: the unit of the day totals and of their lock.
    private struct ScopeDay: Hashable, Comparable {
        let scope: String
        let day: Date

        init(_ row: RunGroupPlan.Row) {
            scope = row.scope
            day = UTCDays.start(of: row.at)
        }

        static func < (lhs: Self, rhs: Self) -> Bool { (lhs.scope, lhs.day) < (rhs.scope, rhs.day) }

        var lockKey: String { "signals.day:\(scope):\(Int(day.timeIntervalSince1970))" }
    }

    private static func filingKey(_ run: CIRun) -> String { SignalKey.join(run.provider, run.repository, run.runID) }

    /// For runs whose provider sends no creation time, when each was first seen (recorded now
    /// for those seen for the first time).
    private static func filingTimes(of runs: [CIRun], on connection: PostgresConnection, logger: Logger) async throws -> [String: Date] {
        var firstSeen: [String: String] = [:]
        for run in runs where run.createdAtIsFirstSeen {
            firstSeen[filingKey(run)] = firstSeen[filingKey(run)] ?? run.createdAt.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        }
        guard !firstSeen.isEmpty else { return [:] }
        let keys = firstSeen.keys.sorted()
        let rows = try await connection.checkedQuery("""
            WITH input AS (
                SELECT * FROM unnest(\(keys)::text[], \(keys.map { firstSeen[$0] ?? "" })::text[]) AS i(key, first)
            ), added AS (
                INSERT INTO signals (scope, part, at, key, body)
                SELECT \(SignalScope.runTimes), \(SignalPart.runFiling.rawValue), \(SignalKey.epoch), key, jsonb_build_object('at', first)
                FROM input ORDER BY key
                ON CONFLICT (scope, part, at, key) DO NOTHING
                RETURNING key, body->>'at'
            )
            SELECT * FROM added
            UNION ALL
            SELECT s.key, s.body->>'at' FROM input i
            JOIN signals s ON s.scope = \(SignalScope.runTimes) AND s.part = \(SignalPart.runFiling.rawValue) AND s.at = \(SignalKey.epoch) AND s.key = i.key
            """, logger: logger)
        var times: [String: Date] = [:]
        for try await (key, text) in rows.decode((String, String).self) {
            if let date = ProviderDate.parse(text) { times[key] = date }
        }
        return times
    }

    /// The group's day locks, its delivery ids taken and the ranks stored on its rows
    /// (`LockTakeAndReadRanksStatement`). Writers of one entity's day take turns: the next
    /// statement reads the states it replaces and the day's totals it changes after the previous
    /// writer committed, so no change of another writer is lost or counted twice.
    private static func lockTakeAndReadRanks(
        _ states: [State], on connection: PostgresConnection, logger: Logger
    ) async throws -> (taken: Set<String>, ranks: [RunGroupPlan.Row: Int]) {
        let rows = Array(Set(states.flatMap(\.rows)))
        let today = UTCDays.start(of: Date())
        let statement = LockTakeAndReadRanksStatement(
            lockKeys: Set(rows.map(ScopeDay.init)).sorted().map(\.lockKey),
            deliveries: Set(states.compactMap(\.delivery)).sorted(),
            today: today,
            days: (0..<deliveryDays).map { today.addingTimeInterval(-86_400 * Double($0)) },
            rows: rows)
        var taken = Set<String>()
        var ranks: [RunGroupPlan.Row: Int] = [:]
        for try await (key, index, rank) in try await connection.checkedExecute(statement, logger: logger) {
            if index < 0 {
                taken.insert(key)
            } else if rows.indices.contains(index) {
                ranks[rows[index]] = rank
            }
        }
        return (taken, ranks)
    }

    /// Writes the group's winning states, the latest rows and the day totals they change
    /// (`WriteRunsLatestAndDaysStatement`); answers the run rows written and the latest rows changed.
    private static func writeRunsLatestAndDays(
        _ plan: RunGroupPlan, states: [State], on connection: PostgresConnection, logger: Logger
    ) async throws -> (written: Set<RunKey>, latest: Set<RunKey>) {
        let winners = plan.winners.sorted { ($0.key.scope, $0.key.at, $0.key.key) < ($1.key.scope, $1.key.at, $1.key.key) }.map {
            WriteRunsLatestAndDaysStatement.Winner(
                row: $0.key, body: states[$0.value].body, latestKey: states[$0.value].latestKey, newness: states[$0.value].stored.order)
        }
        var written = Set<RunKey>()
        var latest = Set<RunKey>()
        for try await (isRun, scope, key) in try await connection.checkedExecute(WriteRunsLatestAndDaysStatement(winners: winners), logger: logger) {
            if isRun { written.insert(RunKey(scope: scope, key: key)) } else { latest.insert(RunKey(scope: scope, key: key)) }
        }
        return (written, latest)
    }

    /// What the group does to the failing list: a failed default-branch run starts (or continues)
    /// a red streak of its entity and workflow; a successful one ends it. Only where the run
    /// changed the latest state.
    private struct FailingUpdate {
        typealias Entry = UpdateFailingStatement.Entry

        var added: [Entry] = []
        var replaced: [Entry] = []
        var removed: [String] = []

        init(_ plan: RunGroupPlan, states: [State], written: Set<RunKey>, latest: Set<RunKey>) {
            var outcomes: [String: [(index: Int, failed: Bool)]] = [:]
            var entityOf: [String: String] = [:]
            let ordered = states.indices.sorted { states[$0].stored.order < states[$1].stored.order }
            for index in ordered {
                let state = states[index]
                guard state.run.isOnDefaultBranch, state.run.status == .completed,
                      state.run.isFailure || state.run.conclusion == "success" else { continue }
                for row in plan.appliedRows[index]
                where written.contains(RunKey(row)) && latest.contains(RunKey(scope: row.scope, key: state.latestKey)) {
                    let key = SignalKey.join(row.scope, "ci", state.run.workflow)
                    outcomes[key, default: []].append((index, state.run.isFailure))
                    entityOf[key] = state.entities.first { SignalScope.entity($0.uid) == row.scope }?.ref ?? row.scope
                }
            }
            for (key, sequence) in outcomes {
                switch FailingChange.after(sequence) {
                case .keepOrAdd(let start): added.append(Self.entry(key, states[start], ref: entityOf[key] ?? ""))
                case .replace(let start): replaced.append(Self.entry(key, states[start], ref: entityOf[key] ?? ""))
                case .remove: removed.append(key)
                case nil: break
                }
            }
            added.sort { $0.key < $1.key }
            replaced.sort { $0.key < $1.key }
            removed.sort()
        }

        var statement: UpdateFailingStatement { UpdateFailingStatement(removed: removed, added: added, replaced: replaced) }

        private static func entry(_ key: String, _ state: State, ref: String) -> Entry {
            Entry(
                key: key, ref: ref, detail: "\(state.run.workflow) \(state.run.conclusion ?? "failed") on \(state.run.branch)",
                since: (state.run.finishedAt ?? state.run.createdAt).formatted(.iso8601), url: state.run.url ?? "")
        }
    }
}

enum UTCDays {
    static func start(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }
}
