import Foundation
import PostgresNIO

/// The one statement of an entity view (`SignalsReader`), prepared once per connection: it is
/// long, and planning it anew for every view cost about as much CPU as running it. Each section
/// is one range of the key per scope (`scope = ANY($1)`): for a few scopes the generic plan's
/// index scans; for a department's thousands `SignalsReader` asks for a plan made for the actual
/// scopes, which reads the ranges as bitmap scans in table order (a department's 30 days of daily
/// totals: 0.35 s, against 5.5 s probing them scope by scope, measured).
///
/// Daily totals and cost are read from `from` on: the whole window for one entity; only today
/// for a rollup whose past days `SignalsReader` keeps (`PastDays`).
///
/// Binds: $1–$5 as `DayTotalsSQL` says ($3 now), $6 the timestamp of current-state rows, $7 each
/// scope's entity ref (the runs' `entityRef`), $8 the window's first day (recent runs).
struct EntityViewStatement: PostgresPreparedStatement {
    typealias Row = (String, String, Int, Int, Int, Int, Int, String, String, String, String, String)

    struct From {
        let days: Date
        let previousCost: Date
    }

    let scopes: [String]
    let refs: [String]
    let window: SignalsReader.Window
    let from: From
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
                WHERE scope = c.scope AND part = \(SignalPart.run.rawValue) AND at >= $8 AND at <= $3
                ORDER BY at DESC LIMIT \(SignalsReader.recentRuns)) r
            ORDER BY r.at DESC, r.scope, r.key LIMIT \(SignalsReader.recentRuns)
        ), \(DayTotalsSQL.tables(endComparison: "<="))
        SELECT (SELECT coalesce(json_agg(\(viewedRun(body: "l.body")) ORDER BY l.scope, l.key), '[]')::text
                FROM latest l JOIN names n ON n.scope = l.scope),
               (SELECT coalesce(json_agg(\(viewedRun(body: "s.body")) ORDER BY r.at DESC, r.scope, r.key), '[]')::text
                FROM recent r JOIN names n ON n.scope = r.scope
                JOIN signals s ON s.scope = r.scope AND s.part = \(SignalPart.run.rawValue) AND s.at = r.at AND s.key = r.key),
               \(DayTotalsSQL.columns),
               (SELECT coalesce(json_agg(body ORDER BY scope, key), '[]')::text FROM signals
                WHERE scope = ANY($1::text[]) AND part = \(SignalPart.workload.rawValue) AND at = $6)
        FROM \(DayTotalsSQL.sums)
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
        var bindings = PostgresBindings(capacity: 8)
        bindings.append(scopes)
        bindings.append(from.days)
        bindings.append(window.now)
        bindings.append(from.previousCost)
        bindings.append(withTotals)
        bindings.append(SignalKey.epoch)
        bindings.append(refs)
        bindings.append(window.start)
        return bindings
    }

    func decodeRow(_ row: PostgresRow) throws -> Row { try row.decode(Row.self) }
}
