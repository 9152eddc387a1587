import Foundation
import Logging
import PorticoCore
import PorticoStore
import PostgresNIO

/// Writes one run's state under every entity it maps to, in one tenant transaction: the run row
/// (only when the state is newer than the stored one: a late `in_progress` after `completed`
/// changes nothing), the latest run of its workflow and branch, what is failing on the default
/// branch, and the entity's totals of the run's day.
struct RunStore {
    let database: Database

    enum Outcome: String, Encodable {
        case applied
        case outOfOrder = "out_of_order"
        case duplicate
    }

    /// How long a delivery id is remembered: the providers redeliver within hours or days.
    static let deliveryDays = 8

    /// - Parameter delivery: the delivery's id (`hook␟id`), taken in the same transaction: a
    ///   redelivery finds it and changes nothing, and a failed apply does not keep it.
    func apply(_ run: CIRun, to entities: [CatalogEntityHandle], delivery: String?, tenant: TenantID) async throws -> Outcome {
        let logger = database.logger
        return try await database.withTenantTransaction(tenant) { connection in
            if let delivery, try await !Self.take(delivery, on: connection, logger: logger) { return .duplicate }
            let filedAt = try await filingTime(of: run, on: connection, logger: logger)
            let stored = StoredRun(run, filedAt: filedAt)
            let body = try stored.json()
            let scopes = entities.map { SignalScope.entity($0.uid) }
            let runKey = SignalKey.join(run.provider, run.runID)
            let changed = try await scopesOf(connection.checkedQuery("""
                INSERT INTO signals (scope, part, at, key, body)
                SELECT s, \(SignalPart.run.rawValue), \(filedAt), \(runKey), \(body)::jsonb FROM unnest(\(scopes)::text[]) AS s
                ON CONFLICT (scope, part, at, key) DO UPDATE SET body = EXCLUDED.body
                WHERE signals.body->'rank' < EXCLUDED.body->'rank'
                RETURNING scope
                """, logger: logger))
            guard !changed.isEmpty else { return .outOfOrder }
            let latest = try await scopesOf(connection.checkedQuery("""
                INSERT INTO signals (scope, part, at, key, body)
                SELECT s, \(SignalPart.latestRun.rawValue), \(SignalKey.epoch), \(SignalKey.join(run.workflow, run.branch)), \(body)::jsonb
                FROM unnest(\(changed)::text[]) AS s
                ON CONFLICT (scope, part, at, key) DO UPDATE SET body = EXCLUDED.body
                WHERE signals.body->>'order' <= EXCLUDED.body->>'order'
                RETURNING scope
                """, logger: logger))
            if run.isOnDefaultBranch, run.status == .completed, !latest.isEmpty {
                try await updateFailing(run, scopes: latest, entities: entities, on: connection, logger: logger)
            }
            try await rollUpDay(of: filedAt, scopes: changed, on: connection, logger: logger)
            return .applied
        }
    }

    /// Records the delivery id unless one of the last days already holds it (each day a probe of the key).
    private static func take(_ delivery: String, on connection: PostgresConnection, logger: Logger) async throws -> Bool {
        let today = UTCDays.start(of: Date())
        let days = (0..<deliveryDays).map { today.addingTimeInterval(-86_400 * Double($0)) }
        let rows = try await connection.checkedQuery("""
            INSERT INTO signals (scope, part, at, key, body)
            SELECT \(SignalScope.deliveries), \(SignalPart.delivery.rawValue), \(today), \(delivery), '{}'::jsonb
            WHERE NOT EXISTS (SELECT 1 FROM signals WHERE scope = \(SignalScope.deliveries) AND part = \(SignalPart.delivery.rawValue)
                                                    AND at = ANY(\(days)) AND key = \(delivery))
            ON CONFLICT (scope, part, at, key) DO NOTHING
            RETURNING 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
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

    /// A failed run starts (or continues) a red streak; a successful one ends it.
    private func updateFailing(
        _ run: CIRun, scopes: [String], entities: [CatalogEntityHandle], on connection: PostgresConnection, logger: Logger
    ) async throws {
        let keys = scopes.map { SignalKey.join($0, "ci", run.workflow) }
        if run.isFailure {
            let refs = entities.map(\.ref)
            let all = entities.map { SignalScope.entity($0.uid) }
            let since = (run.finishedAt ?? run.createdAt).formatted(.iso8601)
            let detail = "\(run.workflow) \(run.conclusion ?? "failed") on \(run.branch)"
            try await connection.execute("""
                INSERT INTO signals (scope, part, at, key, body)
                SELECT \(SignalScope.failing), \(SignalPart.failing.rawValue), \(SignalKey.epoch), k,
                       jsonb_build_object('entityRef', r, 'source', 'ci', 'detail', \(detail)::text, 'since', \(since)::text, 'url', \(run.url ?? "")::text)
                FROM unnest(\(keys)::text[], \(scopes)::text[]) AS t(k, s)
                JOIN unnest(\(all)::text[], \(refs)::text[]) AS e(s, r) USING (s)
                ON CONFLICT (scope, part, at, key) DO NOTHING
                """, logger: logger)
        } else if run.conclusion == "success" {
            try await connection.execute("""
                DELETE FROM signals WHERE scope = \(SignalScope.failing) AND part = \(SignalPart.failing.rawValue)
                    AND at = \(SignalKey.epoch) AND key = ANY(\(keys))
                """, logger: logger)
        }
    }

    /// Recomputes the entities' totals of the run's UTC day from its runs (a day's runs of one
    /// entity are one range of the key), so a replaced state never counts twice.
    private func rollUpDay(of filedAt: Date, scopes: [String], on connection: PostgresConnection, logger: Logger) async throws {
        let day = UTCDays.start(of: filedAt)
        let next = day.addingTimeInterval(86_400)
        try await connection.execute("""
            INSERT INTO signals (scope, part, at, key, body)
            SELECT scope, \(SignalPart.ciDay.rawValue), \(day), '', jsonb_build_object(
                'runs', count(*) FILTER (WHERE body->>'status' = 'completed'),
                'failures', count(*) FILTER (WHERE (body->>'failed')::boolean),
                'durationSeconds', coalesce(sum((body->>'durationSeconds')::float8), 0),
                'deploys', count(*) FILTER (WHERE (body->>'isDeployment')::boolean AND body->>'status' = 'completed'),
                'failedDeploys', count(*) FILTER (WHERE (body->>'isDeployment')::boolean AND (body->>'failed')::boolean),
                'leadTimeHours', coalesce(sum((body->>'leadTimeHours')::float8), 0),
                'leadTimes', count(body->>'leadTimeHours'))
            FROM signals
            WHERE scope = ANY(\(scopes)) AND part = \(SignalPart.run.rawValue) AND at >= \(day) AND at < \(next)
            GROUP BY scope
            ON CONFLICT (scope, part, at, key) DO UPDATE SET body = EXCLUDED.body
            """, logger: logger)
    }

    private func scopesOf(_ rows: PostgresRowSequence) async throws -> [String] {
        var scopes: [String] = []
        for try await scope in rows.decode(String.self) { scopes.append(scope) }
        return scopes
    }
}

enum UTCDays {
    static func start(of date: Date) -> Date {
        Date(timeIntervalSince1970: (date.timeIntervalSince1970 / 86_400).rounded(.down) * 86_400)
    }
}
