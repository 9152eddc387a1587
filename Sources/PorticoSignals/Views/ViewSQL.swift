import Foundation
import PostgresNIO

/// The SQL both view statements share: `EntityViewStatement` reads up to now, `PastDaysStatement`
/// the days of the window before today. Both bind $1–$9 as `Binds` says.
enum ViewSQL {
    struct Binds {
        /// $1, and $6 each one's entity ref.
        let scopes: [String]
        let refs: [String]
        /// $2: the first day of CI totals and of "last" cost.
        let daysFrom: Date
        /// $3: now, or today's start.
        let end: Date
        /// $4: the first day of "previous" cost.
        let previousCostFrom: Date
        /// $5: whether each scope's own cost and deploys are wanted.
        let withTotals: Bool
        /// $7: the first day of recent runs.
        let recentRunsFrom: Date
        /// $9: the latest runs only of scopes with daily totals in the range (else of every scope);
        /// $8 is the timestamp of current-state rows.
        let latestOfScopesWithDays: Bool

        var bindings: PostgresBindings {
            var bindings = PostgresBindings(capacity: 9)
            bindings.append(scopes)
            bindings.append(daysFrom)
            bindings.append(end)
            bindings.append(previousCostFrom)
            bindings.append(withTotals)
            bindings.append(refs)
            bindings.append(recentRunsFrom)
            bindings.append(SignalKey.epoch)
            bindings.append(latestOfScopesWithDays)
            return bindings
        }
    }

    /// The `names`, `days`, `costs`, `recent` and `latest` common table expressions, rows before
    /// `$3` (`<`) or up to it (`<=`). Recent runs are looked for only under scopes with daily
    /// totals in the range: every run is counted in its day's row, so the others have none (a team
    /// mostly has no run today, and each look is an index descent); so are the latest runs when $9
    /// (a rollup's live part beside its kept past days, `SignalsReader`).
    static func tables(endComparison: String) -> String {
        """
        names AS (
            SELECT * FROM unnest($1::text[], $6::text[]) AS n(scope, ref)
        ), days AS (
            SELECT scope, body FROM signals
            WHERE scope = ANY($1::text[]) AND part = \(SignalPart.ciDay.rawValue) AND at >= $2 AND at \(endComparison) $3
        ), costs AS (
            SELECT scope, body->>'currency' AS currency, body->>'service' AS service,
                   coalesce(sum((body->>'effectiveCost')::numeric) FILTER (WHERE at >= $2), 0) AS last,
                   coalesce(sum((body->>'effectiveCost')::numeric) FILTER (WHERE at < $2), 0) AS previous
            FROM signals
            WHERE scope = ANY($1::text[]) AND part = \(SignalPart.cost.rawValue) AND at >= $4 AND at \(endComparison) $3
            GROUP BY 1, 2, 3
        ), recent AS (
            SELECT r.scope, r.at, r.key FROM (SELECT DISTINCT scope FROM days) AS c CROSS JOIN LATERAL (
                SELECT scope, at, key FROM signals
                WHERE scope = c.scope AND part = \(SignalPart.run.rawValue) AND at >= $7 AND at \(endComparison) $3
                ORDER BY at DESC LIMIT \(SignalsReader.recentRuns)) r
            ORDER BY r.at DESC, r.scope, r.key LIMIT \(SignalsReader.recentRuns)
        ), latest AS (
            SELECT scope, key, body FROM signals
            WHERE scope = ANY(CASE WHEN $9 THEN ARRAY(SELECT DISTINCT scope FROM days) ELSE $1::text[] END)
              AND part = \(SignalPart.latestRun.rawValue) AND at = $8
            ORDER BY scope, key LIMIT \(SignalsReader.maximumLatest)
        )
        """
    }

    /// Columns: completed, succeeded, failed, deploys, failed deploys (summed over `days`, as `t`
    /// from `sums`), the durations and lead times as JSON `[[value, count], ...]` (`ValueCounts`),
    /// the cost per currency and service as JSON, each scope's cost and deploys as JSON (empty
    /// unless $5), the recent runs newest first, each a JSON object (`viewedRun`), the latest runs
    /// by scope and key as JSON objects, and their scopes (decoded as `ViewColumns`).
    static let columns = """
        t.completed, t.succeeded, t.failed, t.deploys, t.failed_deploys,
        \(valueCounts(of: "durationsSeconds")),
        \(valueCounts(of: "leadTimesHours")),
        (SELECT coalesce(json_agg(json_build_object('currency', currency, 'service', service, 'last', last, 'previous', previous)), '[]')::text
         FROM (SELECT currency, service, sum(last)::float8 AS last, sum(previous)::float8 AS previous FROM costs GROUP BY 1, 2) AS a),
        (SELECT coalesce(json_agg(json_build_object('scope', scope, 'cost', cost, 'deployments', deployments)), '[]')::text
         FROM (SELECT scope, sum(cost)::float8 AS cost, sum(deployments)::int AS deployments
               FROM (SELECT scope, last AS cost, 0 AS deployments FROM costs
                     UNION ALL
                     SELECT scope, 0, (body->>'deploys')::int FROM days) AS u
               WHERE $5
               GROUP BY scope) AS p),
        (SELECT coalesce(array_agg(\(viewedRun(body: "s.body"))::text ORDER BY r.at DESC, r.scope, r.key), '{}')
         FROM recent r JOIN names n ON n.scope = r.scope
         JOIN signals s ON s.scope = r.scope AND s.part = \(SignalPart.run.rawValue) AND s.at = r.at AND s.key = r.key),
        (SELECT coalesce(array_agg(\(viewedRun(body: "l.body"))::text ORDER BY l.scope, l.key), '{}')
         FROM latest l JOIN names n ON n.scope = l.scope),
        (SELECT coalesce(array_agg(scope ORDER BY scope, key), '{}') FROM latest)
        """

    /// The subquery `t` that `columns` reads its sums from.
    static let sums = """
        (SELECT coalesce(sum((body->>'runs')::int), 0)::int AS completed,
                coalesce(sum((body->>'succeeded')::int), 0)::int AS succeeded,
                coalesce(sum((body->>'failures')::int), 0)::int AS failed,
                coalesce(sum((body->>'deploys')::int), 0)::int AS deploys,
                coalesce(sum((body->>'failedDeploys')::int), 0)::int AS failed_deploys
         FROM days) AS t
        """

    /// A run as the views show it (`CISection`), from a stored run's body (`StoredRun`), its
    /// entity's ref from `names` (`n`); keys in the order Portico's encoder sorts them.
    static func viewedRun(body: String) -> String {
        let fields = ["branch", "conclusion", "createdAt", "entityRef", "finishedAt", "provider", "status", "url", "workflow"]
        return "json_build_object(" + fields.map { field in
            "'\(field)', " + (field == "entityRef" ? "n.ref" : "\(body)->'run'->>'\(field)'")
        }.joined(separator: ", ") + ")"
    }

    private static func valueCounts(of list: String) -> String {
        """
        (SELECT coalesce(json_agg(json_build_array(v, n)), '[]')::text
         FROM (SELECT v::float8 AS v, count(*) AS n FROM days, jsonb_array_elements_text(days.body->'\(list)') AS v GROUP BY 1) AS c)
        """
    }
}
