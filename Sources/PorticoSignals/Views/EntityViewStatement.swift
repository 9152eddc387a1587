import Foundation
import PostgresNIO

/// The one statement of an entity view (`SignalsReader`), prepared once per connection: it is
/// long, and planning it anew for every view cost about as much CPU as running it. Each section
/// is one range of the key per scope (`scope = ANY($1)`): for a few scopes the generic plan's
/// index scans; for a department's thousands `SignalsReader` asks for a plan made for the actual
/// scopes, which reads the ranges as bitmap scans in table order (a department's 30 days of daily
/// totals: 0.35 s, against 5.5 s probing them scope by scope, measured).
///
/// Binds: $1 scopes, $2 the window's first day, $3 now, $4 the previous window's first day,
/// $5 whether each scope's own totals are wanted, $6 the timestamp of current-state rows, $7 each
/// scope's entity ref (the runs' `entityRef`).
struct EntityViewStatement: PostgresPreparedStatement {
    typealias Row = (String, String, Int, Int, Int, Int, Int, Double?, Double?, String, String, String)

    let scopes: [String]
    let refs: [String]
    let window: SignalsReader.Window
    let withTotals: Bool

    static let sql = """
        WITH names AS (
            SELECT * FROM unnest($1::text[], $7::text[]) AS n(scope, ref)
        ), latest AS (
            SELECT scope, key, body FROM signals
            WHERE scope = ANY($1::text[]) AND part = \(SignalPart.latestRun.rawValue) AND at = $6
            ORDER BY scope, key LIMIT \(SignalsReader.maximumLatest)
        ), recent AS (
            SELECT r.scope, r.at, r.key FROM unnest($1::text[]) AS c(scope) CROSS JOIN LATERAL (
                SELECT scope, at, key FROM signals
                WHERE scope = c.scope AND part = \(SignalPart.run.rawValue) AND at >= $2 AND at <= $3
                ORDER BY at DESC LIMIT \(SignalsReader.recentRuns)) r
            ORDER BY r.at DESC, r.scope, r.key LIMIT \(SignalsReader.recentRuns)
        ), days AS (
            SELECT scope, body FROM signals
            WHERE scope = ANY($1::text[]) AND part = \(SignalPart.ciDay.rawValue) AND at >= $2 AND at <= $3
        ), costs AS (
            SELECT scope, body->>'currency' AS currency, body->>'service' AS service,
                   coalesce(sum((body->>'effectiveCost')::numeric) FILTER (WHERE at >= $2), 0) AS last,
                   coalesce(sum((body->>'effectiveCost')::numeric) FILTER (WHERE at < $2), 0) AS previous
            FROM signals
            WHERE scope = ANY($1::text[]) AND part = \(SignalPart.cost.rawValue) AND at >= $4 AND at <= $3
            GROUP BY 1, 2, 3
        )
        SELECT (SELECT coalesce(json_agg(\(viewedRun(body: "l.body")) ORDER BY l.scope, l.key), '[]')::text
                FROM latest l JOIN names n ON n.scope = l.scope),
               (SELECT coalesce(json_agg(\(viewedRun(body: "s.body")) ORDER BY r.at DESC, r.scope, r.key), '[]')::text
                FROM recent r JOIN names n ON n.scope = r.scope
                JOIN signals s ON s.scope = r.scope AND s.part = \(SignalPart.run.rawValue) AND s.at = r.at AND s.key = r.key),
               t.completed, t.succeeded, t.failed, t.deploys, t.failed_deploys,
               (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v::float8)
                FROM days, jsonb_array_elements_text(days.body->'durationsSeconds') AS v),
               (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY v::float8)
                FROM days, jsonb_array_elements_text(days.body->'leadTimesHours') AS v),
               (SELECT coalesce(json_agg(body ORDER BY scope, key), '[]')::text FROM signals
                WHERE scope = ANY($1::text[]) AND part = \(SignalPart.workload.rawValue) AND at = $6),
               (SELECT coalesce(json_agg(json_build_object('currency', currency, 'service', service, 'last', last, 'previous', previous)), '[]')::text
                FROM (SELECT currency, service, sum(last)::float8 AS last, sum(previous)::float8 AS previous FROM costs GROUP BY 1, 2) AS a),
               (SELECT coalesce(json_agg(json_build_object('scope', scope, 'cost', cost, 'deployments', deployments)), '[]')::text
                FROM (SELECT scope, sum(cost)::float8 AS cost, sum(deployments)::int AS deployments
                      FROM (SELECT scope, last AS cost, 0 AS deployments FROM costs
                            UNION ALL
                            SELECT scope, 0, (body->>'deploys')::int FROM days) AS u
                      WHERE $5
                      GROUP BY scope) AS p)
        FROM (SELECT coalesce(sum((body->>'runs')::int), 0)::int AS completed,
                     coalesce(sum((body->>'succeeded')::int), 0)::int AS succeeded,
                     coalesce(sum((body->>'failures')::int), 0)::int AS failed,
                     coalesce(sum((body->>'deploys')::int), 0)::int AS deploys,
                     coalesce(sum((body->>'failedDeploys')::int), 0)::int AS failed_deploys
              FROM days) AS t
        """

    /// A run as the views show it (`CISection`), from a stored run's body (`StoredRun`), its
    /// entity's ref from `names` (`n`); keys in the order Portico's encoder sorts them.
    private static func viewedRun(body: String) -> String {
        let fields = ["branch", "conclusion", "createdAt", "entityRef", "finishedAt", "provider", "status", "url", "workflow"]
        return "json_build_object(" + fields.map { field in
            "'\(field)', " + (field == "entityRef" ? "n.ref" : "\(body)->'run'->>'\(field)'")
        }.joined(separator: ", ") + ")"
    }

    func makeBindings() throws -> PostgresBindings {
        var bindings = PostgresBindings(capacity: 7)
        bindings.append(scopes)
        bindings.append(window.start)
        bindings.append(window.now)
        bindings.append(window.previousStart)
        bindings.append(withTotals)
        bindings.append(SignalKey.epoch)
        bindings.append(refs)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
