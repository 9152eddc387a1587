import Foundation
import PostgresNIO

/// The three statements that write a group of run states (`RunStore`), prepared once per
/// connection: each is long, and parsing and planning them for every group were the largest part
/// of the database's work in a profile of deliveries. Every value is a bind; only the parts'
/// numbers and the tenant-wide scopes' names are written in.

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
        JOIN signals s ON s.scope = r.scope AND s.part = \(SignalPart.run.rawValue) AND s.at = r.at AND s.key = r.key
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

/// Each row's winning state, unless the row meanwhile holds a newer one (another replica), and
/// per entity, workflow and branch the newest state written, unless the stored latest one is
/// newer.
///
/// Binds: $1–$6 per winning row its scope, time, key, body, `workflow␟branch` and newness
/// (`StoredRun.order`), $7 the timestamp of current-state rows. Rows: (true, scope, key) per run
/// row written, (false, scope, workflow␟branch) per latest row changed.
struct WriteRunsAndLatestStatement: PostgresPreparedStatement {
    typealias Row = (Bool, String, String)

    struct Winner {
        let row: RunGroupPlan.Row
        let body: String
        let latestKey: String
        let newness: String
    }

    let winners: [Winner]

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
            RETURNING scope, key
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

/// The failing list's changes, and each written run's UTC day recounted per entity from that
/// day's runs (one range of the key per entity and day), so a replaced state never counts twice.
/// It sees the runs the group's previous statement wrote, and other writers' committed runs of
/// the same days (their locks were taken first). The day's durations and lead times are kept as
/// lists too: the views take exact medians over 30 days of a whole team from these rows.
///
/// Binds: $1 failing keys removed, $2–$6 entries added (key, entity ref, detail, since, url;
/// an entry already there keeps its streak's start), $7–$11 entries replaced (a new streak),
/// $12–$14 the days recounted (scope, day, next day), $15 the timestamp of current-state rows.
struct UpdateFailingAndDaysStatement: PostgresPreparedStatement {
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
    let days: [RunStore.ScopeDay]

    private static func failing(_ name: String, from first: Int, onConflict: String) -> String {
        """
        \(name) AS (
            INSERT INTO signals (scope, part, at, key, body)
            SELECT '\(SignalScope.failing)', \(SignalPart.failing.rawValue), $15, k,
                   jsonb_build_object('entityRef', r, 'source', 'ci', 'detail', d, 'since', s, 'url', u)
            FROM unnest($\(first)::text[], $\(first + 1)::text[], $\(first + 2)::text[], $\(first + 3)::text[], $\(first + 4)::text[])
                 AS f(k, r, d, s, u)
            ORDER BY k
            ON CONFLICT (scope, part, at, key) \(onConflict)
        )
        """
    }

    static let sql = """
        WITH removed AS (
            DELETE FROM signals WHERE scope = '\(SignalScope.failing)' AND part = \(SignalPart.failing.rawValue)
                AND at = $15 AND key = ANY($1::text[])
        ), \(failing("added", from: 2, onConflict: "DO NOTHING")), \(failing("replaced", from: 7, onConflict: "DO UPDATE SET body = EXCLUDED.body"))
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
        FROM unnest($12::text[], $13::timestamptz[], $14::timestamptz[]) AS d(scope, day, next)
        JOIN signals r ON r.scope = d.scope AND r.part = \(SignalPart.run.rawValue) AND r.at >= d.day AND r.at < d.next
        GROUP BY d.scope, d.day
        ORDER BY d.scope, d.day
        ON CONFLICT (scope, part, at, key) DO UPDATE SET body = EXCLUDED.body
        """

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 15)
        bindings.append(removed)
        for entries in [added, replaced] {
            bindings.append(entries.map(\.key))
            bindings.append(entries.map(\.ref))
            bindings.append(entries.map(\.detail))
            bindings.append(entries.map(\.since))
            bindings.append(entries.map(\.url))
        }
        bindings.append(days.map(\.scope))
        bindings.append(days.map(\.day))
        bindings.append(days.map { $0.day.addingTimeInterval(86_400) })
        bindings.append(SignalKey.epoch)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row {}
}
