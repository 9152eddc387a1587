import Foundation
import PostgresNIO

/// The one statement of an entity view (`SignalsReader`), prepared once per connection: it is
/// long, and planning it anew for every view cost about as much CPU as running it. Each section
/// is one range of the key per scope (`scope = ANY($1)`): for a few scopes the generic plan's
/// index scans; for a department's thousands `SignalsReader` asks for a plan made for the actual
/// scopes, which reads the ranges as bitmap scans in table order (a department's 30 days of daily
/// totals: 0.35 s, against 5.5 s probing them scope by scope, measured).
///
/// Daily totals, cost and recent runs are read from `from` on: the whole window for one entity;
/// only today for a rollup whose past days `SignalsReader` keeps (`PastDaysStatement`), and then
/// latest runs only of the scopes with a run today. Binds: `ViewSQL.Binds`, ending now.
struct EntityViewStatement: PostgresPreparedStatement {
    /// `ViewSQL.columns`, then the workloads as JSON.
    typealias Row = (columns: ViewColumns, workloadsJSON: String)

    /// Where a view's live rows start: the window's start for one entity, today for a rollup
    /// whose past days are kept.
    struct From {
        let days: Date
        let previousCost: Date
        let recentRuns: Date
        let latestOfScopesWithDays: Bool
    }

    let binds: ViewSQL.Binds

    init(scopes: [String], refs: [String], window: SignalsReader.Window, from: From, withTotals: Bool) {
        binds = ViewSQL.Binds(
            scopes: scopes, refs: refs, daysFrom: from.days, end: window.now, previousCostFrom: from.previousCost,
            withTotals: withTotals, recentRunsFrom: from.recentRuns, latestOfScopesWithDays: from.latestOfScopesWithDays)
    }

    static let sql = """
        WITH \(ViewSQL.tables(endComparison: "<="))
        SELECT \(ViewSQL.columns),
               (SELECT coalesce(json_agg(body ORDER BY scope, key), '[]')::text FROM signals
                WHERE scope = ANY($1::text[]) AND part = \(SignalPart.workload.rawValue) AND at = $8)
        FROM \(ViewSQL.sums)
        """

    func makeBindings() throws -> PostgresBindings { binds.bindings }

    func decodeRow(_ row: PostgresRow) throws -> Row {
        let cells = row.makeRandomAccess()
        return (try ViewColumns(cells), try cells[ViewColumns.count].decode(String.self))
    }
}
