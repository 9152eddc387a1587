import Foundation
import PostgresNIO

/// The three statements that write a group of run states (`RunStore`), prepared once per
/// connection: each is long, and parsing and planning them for every group were the largest part
/// of the database's work in a profile of deliveries. Every value is a bind; only the parts'
/// numbers and the tenant-wide scopes' names are written in. They run only in `RunStore.apply`'s
/// transaction, with one generic plan that reads through the index
/// (`StatementPlanning.keyedGeneric`), so every look-up of a stored row is a `LATERAL … LIMIT 1`
/// on its whole key: PostgreSQL otherwise planned them again on every execution.

/// The day locks of the group, in key order; the delivery ids no one of the last days holds yet,
/// taken now; and the rank already stored on each of the group's rows.
///
/// Binds: $1 lock keys (sorted), $2 delivery ids, $3 today, $4 the days ids are remembered,
/// $5–$8 the rows' scopes, times, keys and positions. Rows: (delivery id taken, -1, 0) or
/// ('', position of a row, its stored rank).
///
/// Each id is looked up per day on the whole key, in lateral subqueries with a limit (which are
/// never turned into joins): written as a join, or with `at = ANY(days)`, the planner was free to
/// read every id of the days for each delivery, and did (measured: 4 ms and 23,000 index entries
/// per delivery after a few minutes of deliveries, most of the database's CPU).
struct LockTakeAndReadRanksStatement: PostgresPreparedStatement {
    typealias Row = (String, Int, Int)

    let lockKeys: [String]
    let deliveries: [String]
    let today: Date
    let days: [Date]
    let rows: [RunGroupPlan.Row]

    static let sql = """
        WITH locked AS (
            SELECT count(pg_advisory_xact_lock(hashtextextended(k, 0))) AS n FROM unnest($1::text[]) AS k
        ), taken AS (
            INSERT INTO signals (scope, part, at, key, body)
            SELECT '\(SignalScope.deliveries)', \(SignalPart.delivery.rawValue), $3, d, '{}'::jsonb
            FROM unnest($2::text[]) AS d
            CROSS JOIN LATERAL (
                SELECT count(*) AS held FROM unnest($4::timestamptz[]) AS day
                CROSS JOIN LATERAL (
                    SELECT 1 FROM signals s
                    WHERE s.scope = '\(SignalScope.deliveries)' AND s.part = \(SignalPart.delivery.rawValue) AND s.at = day AND s.key = d
                    LIMIT 1) AS found) AS h
            WHERE (SELECT n FROM locked) >= 0 AND h.held = 0
            ORDER BY d
            ON CONFLICT (scope, part, at, key) DO NOTHING
            RETURNING key
        )
        SELECT key, -1, 0 FROM taken
        UNION ALL
        SELECT '', r.n, (s.body->>'rank')::int
        FROM unnest($5::text[], $6::timestamptz[], $7::text[], $8::int[]) AS r(scope, at, key, n)
        CROSS JOIN LATERAL (
            SELECT body FROM signals s
            WHERE s.scope = r.scope AND s.part = \(SignalPart.run.rawValue) AND s.at = r.at AND s.key = r.key
            LIMIT 1) AS s
        WHERE (SELECT n FROM locked) >= 0
        """

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 8)
        bindings.append(lockKeys)
        bindings.append(deliveries)
        bindings.append(today)
        bindings.append(days)
        bindings.append(rows.map(\.scope))
        bindings.append(rows.map(\.at))
        bindings.append(rows.map(\.key))
        bindings.append(Array(rows.indices))
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// Each row's winning state, unless the row meanwhile holds a newer one (another replica); per
/// entity, workflow and branch the newest state written, unless the stored latest one is newer;
/// and the written runs' days changed by what each written state adds and what the state it
/// replaced took away. A day's totals therefore cost what the group changed, not what the day
/// holds: recounting the day's runs instead made each delivery read every run of its entity's day
/// (a busy repository's thousands).
///
/// The states replaced are read in the same statement, so from the snapshot the day locks already
/// guard (`LockTakeAndReadRanksStatement` took them): no writer of those days can have changed
/// them between. `days` is materialized: inlined into `day_rows`, each list it builds was built
/// again for every use there (a busy day's lists hold hundreds of values).
///
/// Binds: $1–$6 per winning row its scope, time, key, body, `workflow␟branch` and newness
/// (`StoredRun.order`), $7 the timestamp of current-state rows. Rows: (true, scope, key) per run
/// row written, (false, scope, workflow␟branch) per latest row changed.
struct WriteRunsLatestAndDaysStatement: PostgresPreparedStatement {
    typealias Row = (Bool, String, String)

    struct Winner {
        let row: RunGroupPlan.Row
        let body: String
        let latestKey: String
        let newness: String
    }

    let winners: [Winner]

    /// What each state changes in its day's totals: counted with `sign` 1 for a state written,
    /// -1 for the state it replaced.
    private static func sum(_ condition: String) -> String {
        "coalesce(sum(sign) FILTER (WHERE \(condition)), 0)"
    }

    private static func values(_ field: String, sign: Int) -> String {
        "coalesce(jsonb_agg((body->>'\(field)')::float8) FILTER (WHERE sign = \(sign) AND body->>'\(field)' IS NOT NULL), '[]')"
    }

    /// `list` without one occurrence of each of `removed`'s values, then `added`'s values.
    private static func replacing(_ list: String, removed: String, added: String) -> String {
        """
        CASE WHEN jsonb_array_length(\(removed)) = 0 THEN \(list) ELSE (
            SELECT coalesce(jsonb_agg(e.v ORDER BY e.i), '[]') FROM (
                SELECT v, i, row_number() OVER (PARTITION BY v ORDER BY i) AS nth
                FROM jsonb_array_elements(\(list)) WITH ORDINALITY AS x(v, i)) AS e
            WHERE e.nth > (SELECT count(*) FROM jsonb_array_elements(\(removed)) AS r(v) WHERE r.v = e.v)) END || \(added)
        """
    }

    private static func total(_ list: String) -> String {
        "(SELECT coalesce(sum(v::float8), 0) FROM jsonb_array_elements_text(\(list)) AS v)"
    }

    static let sql = """
        WITH input AS (
            SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[])
                 AS w(scope, at, key, body, latest_key, newness)
        ), written AS (
            INSERT INTO signals (scope, part, at, key, body)
            SELECT scope, \(SignalPart.run.rawValue), at, key, body::jsonb FROM input
            ORDER BY scope, at, key
            ON CONFLICT (scope, part, at, key) DO UPDATE SET body = EXCLUDED.body
            WHERE signals.body->'rank' < EXCLUDED.body->'rank'
            RETURNING scope, at, key, body
        ), newest AS (
            SELECT DISTINCT ON (i.scope, i.latest_key) i.scope, i.latest_key, i.body
            FROM input i JOIN written w ON w.scope = i.scope AND w.key = i.key
            ORDER BY i.scope, i.latest_key, i.newness DESC
        ), latest AS (
            INSERT INTO signals (scope, part, at, key, body)
            SELECT scope, \(SignalPart.latestRun.rawValue), $7, latest_key, body::jsonb FROM newest
            ORDER BY scope, latest_key
            ON CONFLICT (scope, part, at, key) DO UPDATE SET body = EXCLUDED.body
            WHERE signals.body->>'order' <= EXCLUDED.body->>'order'
            RETURNING scope, key
        ), changed AS (
            SELECT scope, at, body, 1 AS sign FROM written
            UNION ALL
            SELECT w.scope, w.at, s.body, -1 FROM written w
            CROSS JOIN LATERAL (
                SELECT body FROM signals s
                WHERE s.scope = w.scope AND s.part = \(SignalPart.run.rawValue) AND s.at = w.at AND s.key = w.key
                LIMIT 1) AS s
        ), day_changes AS (
            SELECT scope, date_trunc('day', at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day,
                \(sum("body->>'status' = 'completed'")) AS runs,
                \(sum("body->'run'->>'conclusion' = 'success'")) AS succeeded,
                \(sum("(body->>'failed')::boolean")) AS failures,
                \(sum("(body->>'isDeployment')::boolean AND body->>'status' = 'completed'")) AS deploys,
                \(sum("(body->>'isDeployment')::boolean AND (body->>'failed')::boolean")) AS failed_deploys,
                \(values("durationSeconds", sign: 1)) AS durations_added, \(values("durationSeconds", sign: -1)) AS durations_removed,
                \(values("leadTimeHours", sign: 1)) AS lead_times_added, \(values("leadTimeHours", sign: -1)) AS lead_times_removed
            FROM changed
            GROUP BY 1, 2
        ), days AS MATERIALIZED (
            SELECT c.scope, c.day, c.runs, c.succeeded, c.failures, c.deploys, c.failed_deploys, coalesce(d.body, '{}') AS stored,
                \(replacing("coalesce(d.body->'durationsSeconds', '[]')", removed: "c.durations_removed", added: "c.durations_added")) AS durations,
                \(replacing("coalesce(d.body->'leadTimesHours', '[]')", removed: "c.lead_times_removed", added: "c.lead_times_added")) AS lead_times
            FROM day_changes c
            LEFT JOIN LATERAL (
                SELECT body FROM signals d
                WHERE d.scope = c.scope AND d.part = \(SignalPart.ciDay.rawValue) AND d.at = c.day AND d.key = ''
                LIMIT 1) AS d ON true
        ), day_rows AS (
            INSERT INTO signals (scope, part, at, key, body)
            SELECT scope, \(SignalPart.ciDay.rawValue), day, '', jsonb_build_object(
                'runs', coalesce((stored->>'runs')::int, 0) + runs,
                'succeeded', coalesce((stored->>'succeeded')::int, 0) + succeeded,
                'failures', coalesce((stored->>'failures')::int, 0) + failures,
                'durationSeconds', \(total("durations")),
                'durationsSeconds', durations,
                'deploys', coalesce((stored->>'deploys')::int, 0) + deploys,
                'failedDeploys', coalesce((stored->>'failedDeploys')::int, 0) + failed_deploys,
                'leadTimeHours', \(total("lead_times")),
                'leadTimes', jsonb_array_length(lead_times),
                'leadTimesHours', lead_times)
            FROM days
            ORDER BY scope, day
            ON CONFLICT (scope, part, at, key) DO UPDATE SET body = EXCLUDED.body
        )
        SELECT true, scope, key FROM written
        UNION ALL
        SELECT false, scope, key FROM latest
        """

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(winners.map(\.row.scope))
        bindings.append(winners.map(\.row.at))
        bindings.append(winners.map(\.row.key))
        bindings.append(winners.map(\.body))
        bindings.append(winners.map(\.latestKey))
        bindings.append(winners.map(\.newness))
        bindings.append(SignalKey.epoch)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}

/// The failing list's changes: entries removed, added (an entry already there keeps its streak's
/// start) and replaced (a new streak).
///
/// Binds: $1 failing keys removed, $2–$6 entries added (key, entity ref, detail, since, url),
/// $7–$11 entries replaced, $12 the timestamp of current-state rows.
struct UpdateFailingStatement: PostgresPreparedStatement {
    typealias Row = ()

    struct Entry {
        let key: String
        let ref: String
        let detail: String
        let since: String
        let url: String
    }

    let removed: [String]
    let added: [Entry]
    let replaced: [Entry]

    var isEmpty: Bool { removed.isEmpty && added.isEmpty && replaced.isEmpty }

    private static func failing(_ name: String, from first: Int, onConflict: String) -> String {
        """
        \(name) AS (
            INSERT INTO signals (scope, part, at, key, body)
            SELECT '\(SignalScope.failing)', \(SignalPart.failing.rawValue), $12, k,
                   jsonb_build_object('entityRef', r, 'source', 'ci', 'detail', d, 'since', s, 'url', u)
            FROM unnest($\(first)::text[], $\(first + 1)::text[], $\(first + 2)::text[], $\(first + 3)::text[], $\(first + 4)::text[])
                 AS f(k, r, d, s, u)
            ORDER BY k
            ON CONFLICT (scope, part, at, key) \(onConflict)
        )
        """
    }

    static let sql = """
        WITH \(failing("added", from: 2, onConflict: "DO NOTHING")), \(failing("replaced", from: 7, onConflict: "DO UPDATE SET body = EXCLUDED.body"))
        DELETE FROM signals WHERE scope = '\(SignalScope.failing)' AND part = \(SignalPart.failing.rawValue)
            AND at = $12 AND key = ANY($1::text[])
        """

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 12)
        bindings.append(removed)
        for entries in [added, replaced] {
            bindings.append(entries.map(\.key))
            bindings.append(entries.map(\.ref))
            bindings.append(entries.map(\.detail))
            bindings.append(entries.map(\.since))
            bindings.append(entries.map(\.url))
        }
        bindings.append(SignalKey.epoch)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}
