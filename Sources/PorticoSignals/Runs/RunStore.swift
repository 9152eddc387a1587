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
/// `in_progress` after `completed` changes nothing), the latest run per workflow and branch, what
/// is failing on the default branch, and the entities' totals of the runs' days. Every statement
/// covers the whole group, its rows in key order (no deadlock between replicas).
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
        return try await database.withTenantTransaction(tenant) { connection in
            var outcomes = [Outcome](repeating: .duplicate, count: pending.count)
            let taken = try await Self.take(Set(pending.compactMap(\.delivery)), on: connection, logger: logger)
            var seen = Set<String>()
            var states: [State] = []
            for (index, item) in pending.enumerated() {
                if let delivery = item.delivery, !(taken.contains(delivery) && seen.insert(delivery).inserted) { continue }
                let filedAt = try await filingTime(of: item.run, on: connection, logger: logger)
                states.append(try State(index: index, item: item, filedAt: filedAt))
            }
            guard !states.isEmpty else { return outcomes }
            let plan = RunGroupPlan(
                ranks: states.map(\.run.rank), rows: states.map(\.rows),
                stored: try await storedRanks(of: states, on: connection, logger: logger))
            let written = try await writeRuns(plan, states: states, on: connection, logger: logger)
            for (state, rows) in zip(states, plan.appliedRows) {
                outcomes[state.index] = rows.contains { written.contains(RunKey($0)) } ? .applied : .outOfOrder
            }
            let writtenRows = plan.winners.keys.filter { written.contains(RunKey($0)) }
            guard !writtenRows.isEmpty else { return outcomes }
            let latest = try await writeLatest(writtenRows, plan: plan, states: states, on: connection, logger: logger)
            try await updateFailing(plan, states: states, written: written, latest: latest, on: connection, logger: logger)
            try await rollUpDays(of: writtenRows, on: connection, logger: logger)
            return outcomes
        }
    }

    /// One state of the group as written: its run, the stored body and its rows.
    private struct State {
        let index: Int
        let run: CIRun
        let entities: [CatalogEntityHandle]
        let stored: StoredRun
        let body: String
        let rows: [RunGroupPlan.Row]

        init(index: Int, item: PendingRun, filedAt: Date) throws {
            self.index = index
            run = item.run
            entities = item.entities
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

    /// Records the delivery ids no one of the last days already holds; answers those taken now.
    /// Each id is probed per day on the whole key: with `at = ANY(days)` and statistics that
    /// lag a fast-growing day, the planner read the day's every id for each one.
    private static func take(_ deliveries: Set<String>, on connection: PostgresConnection, logger: Logger) async throws -> Set<String> {
        guard !deliveries.isEmpty else { return [] }
        let today = UTCDays.start(of: Date())
        let days = (0..<deliveryDays).map { today.addingTimeInterval(-86_400 * Double($0)) }
        let rows = try await connection.checkedQuery("""
            INSERT INTO signals (scope, part, at, key, body)
            SELECT \(SignalScope.deliveries), \(SignalPart.delivery.rawValue), \(today), d, '{}'::jsonb
            FROM unnest(\(deliveries.sorted())::text[]) AS d
            WHERE NOT EXISTS (SELECT 1 FROM unnest(\(days)::timestamptz[]) AS day
                              JOIN signals s ON s.scope = \(SignalScope.deliveries) AND s.part = \(SignalPart.delivery.rawValue)
                                            AND s.at = day AND s.key = d)
            ORDER BY d
            ON CONFLICT (scope, part, at, key) DO NOTHING
            RETURNING key
            """, logger: logger)
        var taken = Set<String>()
        for try await key in rows.decode(String.self) { taken.insert(key) }
        return taken
    }

    /// A run's creation time, or for a provider that sends none the time its first event was seen.
    private func filingTime(of run: CIRun, on connection: PostgresConnection, logger: Logger) async throws -> Date {
        guard run.createdAtIsFirstSeen else { return run.createdAt }
        let key = SignalKey.join(run.provider, run.repository, run.runID)
        let first = run.createdAt.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
        let rows = try await connection.checkedQuery("""
            WITH added AS (
                INSERT INTO signals (scope, part, at, key, body)
                VALUES (\(SignalScope.runTimes), \(SignalPart.runFiling.rawValue), \(SignalKey.epoch), \(key), jsonb_build_object('at', \(first)::text))
                ON CONFLICT (scope, part, at, key) DO NOTHING
                RETURNING body->>'at'
            )
            SELECT * FROM added
            UNION ALL
            SELECT body->>'at' FROM signals
            WHERE scope = \(SignalScope.runTimes) AND part = \(SignalPart.runFiling.rawValue) AND at = \(SignalKey.epoch) AND key = \(key)
            """, logger: logger)
        for try await text in rows.decode(String.self) {
            if let date = ProviderDate.parse(text) { return date }
        }
        return run.createdAt
    }

    private func storedRanks(of states: [State], on connection: PostgresConnection, logger: Logger) async throws -> [RunGroupPlan.Row: Int] {
        let rows = Array(Set(states.flatMap(\.rows)))
        let found = try await connection.checkedQuery("""
            SELECT r.n, (s.body->>'rank')::int
            FROM unnest(\(rows.map(\.scope))::text[], \(rows.map(\.at))::timestamptz[], \(rows.map(\.key))::text[], \(Array(rows.indices))::int[])
                 AS r(scope, at, key, n)
            JOIN signals s ON s.scope = r.scope AND s.part = \(SignalPart.run.rawValue) AND s.at = r.at AND s.key = r.key
            """, logger: logger)
        var ranks: [RunGroupPlan.Row: Int] = [:]
        for try await (index, rank) in found.decode((Int, Int).self) where rows.indices.contains(index) {
            ranks[rows[index]] = rank
        }
        return ranks
    }

    /// Each row's winning state, unless the row meanwhile holds a newer one (another replica).
    private func writeRuns(
        _ plan: RunGroupPlan, states: [State], on connection: PostgresConnection, logger: Logger
    ) async throws -> Set<RunKey> {
        let rows = plan.winners.sorted { ($0.key.scope, $0.key.at, $0.key.key) < ($1.key.scope, $1.key.at, $1.key.key) }
        let written = try await connection.checkedQuery("""
            INSERT INTO signals (scope, part, at, key, body)
            SELECT scope, \(SignalPart.run.rawValue), at, key, body::jsonb
            FROM unnest(\(rows.map(\.key.scope))::text[], \(rows.map(\.key.at))::timestamptz[], \(rows.map(\.key.key))::text[],
                        \(rows.map { states[$0.value].body })::text[]) AS w(scope, at, key, body)
            ON CONFLICT (scope, part, at, key) DO UPDATE SET body = EXCLUDED.body
            WHERE signals.body->'rank' < EXCLUDED.body->'rank'
            RETURNING scope, key
            """, logger: logger)
        var keys = Set<RunKey>()
        for try await (scope, key) in written.decode((String, String).self) { keys.insert(RunKey(scope: scope, key: key)) }
        return keys
    }

    /// The newest written state per entity, workflow and branch, where it is newer than the
    /// stored latest one; answers the (scope, workflow␟branch) pairs changed.
    private func writeLatest(
        _ rows: [RunGroupPlan.Row], plan: RunGroupPlan, states: [State], on connection: PostgresConnection, logger: Logger
    ) async throws -> Set<RunKey> {
        var newest: [RunKey: State] = [:]
        for row in rows {
            guard let state = plan.winners[row].map({ states[$0] }) else { continue }
            let key = RunKey(scope: row.scope, key: state.latestKey)
            if let held = newest[key], held.stored.order >= state.stored.order { continue }
            newest[key] = state
        }
        let ordered = newest.sorted { ($0.key.scope, $0.key.key) < ($1.key.scope, $1.key.key) }
        let changed = try await connection.checkedQuery("""
            INSERT INTO signals (scope, part, at, key, body)
            SELECT scope, \(SignalPart.latestRun.rawValue), \(SignalKey.epoch), key, body::jsonb
            FROM unnest(\(ordered.map(\.key.scope))::text[], \(ordered.map(\.key.key))::text[], \(ordered.map(\.value.body))::text[])
                 AS l(scope, key, body)
            ON CONFLICT (scope, part, at, key) DO UPDATE SET body = EXCLUDED.body
            WHERE signals.body->>'order' <= EXCLUDED.body->>'order'
            RETURNING scope, key
            """, logger: logger)
        var keys = Set<RunKey>()
        for try await (scope, key) in changed.decode((String, String).self) { keys.insert(RunKey(scope: scope, key: key)) }
        return keys
    }

    /// A failed default-branch run starts (or continues) a red streak of its entity and
    /// workflow; a successful one ends it. Only where the run changed the latest state.
    private func updateFailing(
        _ plan: RunGroupPlan, states: [State], written: Set<RunKey>, latest: Set<RunKey>,
        on connection: PostgresConnection, logger: Logger
    ) async throws {
        var outcomes: [String: [(index: Int, failed: Bool)]] = [:]
        var entityOf: [String: (scope: String, ref: String)] = [:]
        let ordered = states.indices.sorted { states[$0].stored.order < states[$1].stored.order }
        for index in ordered {
            let state = states[index]
            guard state.run.isOnDefaultBranch, state.run.status == .completed,
                  state.run.isFailure || state.run.conclusion == "success" else { continue }
            for row in plan.appliedRows[index]
            where written.contains(RunKey(row)) && latest.contains(RunKey(scope: row.scope, key: state.latestKey)) {
                let key = SignalKey.join(row.scope, "ci", state.run.workflow)
                outcomes[key, default: []].append((index, state.run.isFailure))
                let ref = state.entities.first { SignalScope.entity($0.uid) == row.scope }?.ref ?? row.scope
                entityOf[key] = (row.scope, ref)
            }
        }
        var added: [(key: String, state: State, ref: String)] = []
        var replaced: [(key: String, state: State, ref: String)] = []
        var removed: [String] = []
        for (key, sequence) in outcomes {
            switch FailingChange.after(sequence) {
            case .keepOrAdd(let start): added.append((key, states[start], entityOf[key]?.ref ?? ""))
            case .replace(let start): replaced.append((key, states[start], entityOf[key]?.ref ?? ""))
            case .remove: removed.append(key)
            case nil: break
            }
        }
        if !removed.isEmpty {
            try await connection.execute("""
                DELETE FROM signals WHERE scope = \(SignalScope.failing) AND part = \(SignalPart.failing.rawValue)
                    AND at = \(SignalKey.epoch) AND key = ANY(\(removed.sorted()))
                """, logger: logger)
        }
        try await writeFailing(added, replacing: false, on: connection, logger: logger)
        try await writeFailing(replaced, replacing: true, on: connection, logger: logger)
    }

    private func writeFailing(
        _ entries: [(key: String, state: State, ref: String)], replacing: Bool, on connection: PostgresConnection, logger: Logger
    ) async throws {
        guard !entries.isEmpty else { return }
        let sorted = entries.sorted { $0.key < $1.key }
        let details = sorted.map { "\($0.state.run.workflow) \($0.state.run.conclusion ?? "failed") on \($0.state.run.branch)" }
        let since = sorted.map { ($0.state.run.finishedAt ?? $0.state.run.createdAt).formatted(.iso8601) }
        try await connection.execute("""
            INSERT INTO signals (scope, part, at, key, body)
            SELECT \(SignalScope.failing), \(SignalPart.failing.rawValue), \(SignalKey.epoch), k,
                   jsonb_build_object('entityRef', r, 'source', 'ci', 'detail', d, 'since', s, 'url', u)
            FROM unnest(\(sorted.map(\.key))::text[], \(sorted.map(\.ref))::text[], \(details)::text[], \(since)::text[],
                        \(sorted.map { $0.state.run.url ?? "" })::text[]) AS f(k, r, d, s, u)
            ON CONFLICT (scope, part, at, key) \(unescaped: replacing ? "DO UPDATE SET body = EXCLUDED.body" : "DO NOTHING")
            """, logger: logger)
    }

    /// Recomputes the entities' totals of each written run's UTC day from that day's runs (one
    /// range of the key per entity and day), so a replaced state never counts twice. The day's
    /// durations and lead times are kept as lists too: the views take exact medians over 30 days
    /// of a whole team from these rows instead of its runs.
    private func rollUpDays(of rows: [RunGroupPlan.Row], on connection: PostgresConnection, logger: Logger) async throws {
        struct ScopeDay: Hashable, Comparable {
            let scope: String
            let day: Date
            static func < (lhs: Self, rhs: Self) -> Bool { (lhs.scope, lhs.day) < (rhs.scope, rhs.day) }
        }
        let days = Set(rows.map { ScopeDay(scope: $0.scope, day: UTCDays.start(of: $0.at)) }).sorted()
        // Writers of one entity's day take turns (in key order, so without deadlock), and each
        // reads the day's runs after the previous one committed: in READ COMMITTED a recount that
        // waited on another's row would otherwise overwrite it with a count that misses its runs.
        let lockKeys = days.map { "signals.day:\($0.scope):\(Int($0.day.timeIntervalSince1970))" }
        try await connection.execute("""
            SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(\(lockKeys)::text[]) WITH ORDINALITY AS l(k, n) ORDER BY n
            """, logger: logger)
        try await connection.execute("""
            INSERT INTO signals (scope, part, at, key, body)
            SELECT d.scope, \(SignalPart.ciDay.rawValue), d.day, '', jsonb_build_object(
                'runs', count(*) FILTER (WHERE r.body->>'status' = 'completed'),
                'succeeded', count(*) FILTER (WHERE r.body->'run'->>'conclusion' = 'success'),
                'failures', count(*) FILTER (WHERE (r.body->>'failed')::boolean),
                'durationSeconds', coalesce(sum((r.body->>'durationSeconds')::float8), 0),
                'durationsSeconds', coalesce(jsonb_agg((r.body->>'durationSeconds')::float8) FILTER (WHERE r.body->>'durationSeconds' IS NOT NULL), '[]'),
                'deploys', count(*) FILTER (WHERE (r.body->>'isDeployment')::boolean AND r.body->>'status' = 'completed'),
                'failedDeploys', count(*) FILTER (WHERE (r.body->>'isDeployment')::boolean AND (r.body->>'failed')::boolean),
                'leadTimeHours', coalesce(sum((r.body->>'leadTimeHours')::float8), 0),
                'leadTimes', count(r.body->>'leadTimeHours'),
                'leadTimesHours', coalesce(jsonb_agg((r.body->>'leadTimeHours')::float8) FILTER (WHERE r.body->>'leadTimeHours' IS NOT NULL), '[]'))
            FROM unnest(\(days.map(\.scope))::text[], \(days.map(\.day))::timestamptz[],
                        \(days.map { $0.day.addingTimeInterval(86_400) })::timestamptz[]) AS d(scope, day, next)
            JOIN signals r ON r.scope = d.scope AND r.part = \(SignalPart.run.rawValue) AND r.at >= d.day AND r.at < d.next
            GROUP BY d.scope, d.day
            ORDER BY d.scope, d.day
            ON CONFLICT (scope, part, at, key) DO UPDATE SET body = EXCLUDED.body
            """, logger: logger)
    }
}

enum UTCDays {
    static func start(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }
}
